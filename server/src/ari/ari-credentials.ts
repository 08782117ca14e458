/**
 * ari-client keeps ARI credentials in one process-wide place: `Client._attachApi` calls
 * `swagger.authorizations.add('basic-auth', new PasswordAuthorization(host, user, pass))`, and
 * `authorizations` is a module-level singleton of swagger-client 2.0.26 (lib/swagger.js, last
 * lines) applied to every REST request of every client. A second client with other credentials
 * therefore silently changes the credentials of the first. This registry makes that a loud
 * error instead: all live connections in a process must share one user name and password.
 */

interface Credentials {
  username: string;
  password: string;
}

const holders = new Set<object>();
let current: Credentials | undefined;

/**
 * Registers `holder` as a user of the process-wide ARI credentials.
 *
 * @throws Error when another live holder uses a different user name or password.
 */
export function claimAriCredentials(holder: object, credentials: Credentials): void {
  if (
    current !== undefined &&
    holders.size > 0 &&
    !holders.has(holder) &&
    (current.username !== credentials.username || current.password !== credentials.password)
  ) {
    throw new Error(
      `an ARI connection as user ${JSON.stringify(current.username)} is already open in this process; ` +
        "ari-client keeps credentials process-wide, so a second connection with other credentials " +
        "would take over the first one's. Close it first or use the same credentials.",
    );
  }
  current = { ...credentials };
  holders.add(holder);
}

/** Unregisters `holder`; once none is left, any credentials may be claimed again. */
export function releaseAriCredentials(holder: object): void {
  holders.delete(holder);
  if (holders.size === 0) current = undefined;
}
