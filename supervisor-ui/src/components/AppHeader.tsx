/** The bar at the top of every screen: what it is, who is signed in, the connection, sign out. */
import type { ReactNode } from "react";
import type { ConnectionStatus } from "@acc/client";
import { ConnectionIndicator } from "./ConnectionIndicator.js";

/** `title` names the screen, `who` the signed-in identity; `children` go before the sign-out button. */
export function AppHeader({ title, who, status, onSignOut, children }: { title: string; who: string; status: ConnectionStatus; onSignOut: () => void; children?: ReactNode }) {
  return (
    <header className="app-header">
      <h1>{title}</h1>
      <span className="who">{who}</span>
      <ConnectionIndicator status={status} />
      <span className="header-actions">
        {children}
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </span>
    </header>
  );
}
