/** Picks the screen from the token's role: agent screen, supervisor dashboard or ops view; or the sign-in form. */
import { useState } from "react";
import { decodeTokenClaims, expiryProblem } from "./connection/token.js";
import { clearToken, storeToken, takeToken } from "./connection/token-store.js";
import { SignIn } from "./components/SignIn.js";
import { AgentScreen } from "./agent/AgentScreen.js";
import { Dashboard } from "./supervisor/Dashboard.js";
import { OpsView } from "./ops/OpsView.js";

/** The app. The token comes from `?token=` (then sessionStorage) or the sign-in form. */
export function App() {
  const [token, setToken] = useState<string | null>(takeToken);
  const signOut = () => {
    clearToken();
    setToken(null);
  };
  const signIn = (next: string) => {
    storeToken(next);
    setToken(next);
  };

  const claims = token ? decodeTokenClaims(token) : null;
  if (!token) return <SignIn onToken={signIn} />;
  if (!claims) return <SignIn problem="The token in the link is not a screen token; paste a new one." onToken={signIn} />;
  const expired = expiryProblem(claims, Date.now());
  if (expired) return <SignIn problem={expired} onToken={signIn} />;

  switch (claims.role) {
    case "agent":
      return <AgentScreen key={token} token={token} agentId={claims.agentId ?? ""} onSignOut={signOut} />;
    case "supervisor":
      return <Dashboard key={token} token={token} onSignOut={signOut} />;
    case "ops":
      return <OpsView key={token} token={token} onSignOut={signOut} />;
  }
}
