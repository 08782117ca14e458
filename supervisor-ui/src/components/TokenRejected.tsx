/** The message when the server refuses the token (expired, bad signature, malformed): no retry, a way to sign in again. */

/** Full-width alert with the server's reason and a sign-in button. */
export function TokenRejected({ message, onSignOut }: { message: string; onSignOut: () => void }) {
  return (
    <div className="panel alert" role="alert">
      <h2>Your sign-in was refused</h2>
      <p>
        The server did not accept this screen's token: <strong>{message}</strong>
      </p>
      <p>Ask for a new link (the demo prints them at start), or paste a new token.</p>
      <button type="button" onClick={onSignOut}>
        Sign in again
      </button>
    </div>
  );
}
