/** The placeholder an AGENT_ENDPOINT template must contain. */
const PLACEHOLDER = "{extension}";

/**
 * Builds the ARI endpoint to originate an agent's channel to, from an AGENT_ENDPOINT template
 * such as `PJSIP/{extension}` or `Local/{extension}@agents`: every `{extension}` is replaced by
 * the agent's extension. Endpoints are `<technology>/<resource>` (Asterisk ARI `originate`,
 * parameter `endpoint`).
 *
 * @throws Error when the template has no `{extension}` or no `<technology>/` prefix, or when the
 *   extension is empty or contains characters that would change the dial string (`/`, `@`, `&`,
 *   `,`, whitespace).
 */
export function agentEndpoint(template: string, extension: string): string {
  validateAgentEndpointTemplate(template);
  if (!/^[^\s/@&,]+$/.test(extension)) {
    throw new Error(
      `agent extension ${JSON.stringify(extension)} is not usable in a dial string: ` +
        "it must be non-empty and contain no '/', '@', '&', ',' or whitespace",
    );
  }
  return template.split(PLACEHOLDER).join(extension);
}

/**
 * Checks an AGENT_ENDPOINT template once, at configuration time.
 *
 * @throws Error naming the template when it lacks `{extension}` or a `<technology>/` prefix.
 */
export function validateAgentEndpointTemplate(template: string): void {
  if (!template.includes(PLACEHOLDER)) {
    throw new Error(
      `AGENT_ENDPOINT ${JSON.stringify(template)} must contain ${PLACEHOLDER}, ` +
        "for example PJSIP/{extension} or Local/{extension}@agents",
    );
  }
  if (!/^[A-Za-z0-9_-]+\/./.test(template)) {
    throw new Error(
      `AGENT_ENDPOINT ${JSON.stringify(template)} must start with a channel technology and '/', ` +
        "for example PJSIP/{extension} or Local/{extension}@agents",
    );
  }
}
