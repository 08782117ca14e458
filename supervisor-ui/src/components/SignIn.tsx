/** The sign-in form: paste a token when the page was opened without one. */
import { useState, type FormEvent } from "react";
import { decodeTokenClaims } from "../connection/token.js";

/** Asks for a token; `problem` explains why the previous one cannot be used. */
export function SignIn({ problem, onToken }: { problem?: string; onToken: (token: string) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = text.trim();
    if (!decodeTokenClaims(token)) {
      setError("That is not a screen token: expected a JWT with a role of agent, supervisor or ops.");
      return;
    }
    onToken(token);
  };
  return (
    <main className="sign-in">
      <form className="panel" onSubmit={submit}>
        <h1>Contact center</h1>
        {problem && (
          <p className="alert" role="alert">
            {problem}
          </p>
        )}
        <label htmlFor="token">Screen token</label>
        <textarea id="token" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="eyJhbGciOi…" spellCheck={false} />
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
        <p className="hint">
          The demo (<code>npm start</code>) prints a link for each screen; <code>npm run -s token -- --role supervisor</code> mints a token.
        </p>
      </form>
    </main>
  );
}
