/**
 * Security headers on every HTTP response (`@fastify/helmet`): a Content-Security-Policy that lets
 * the served web app load only its own scripts, styles and connections (the Vite build has no
 * inline script), `frame-ancestors 'none'` and `X-Frame-Options: DENY` so no other site can frame
 * the screens (clickjacking an agent's answer button), `nosniff`, `no-referrer` (tokens travel in
 * the screens' URLs) and helmet's other defaults.
 *
 * `upgrade-insecure-requests` and HSTS are left out: the server speaks plain HTTP (put TLS in front
 * of it), and either would make browsers try HTTPS on a server that has none.
 */
import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/** The Content-Security-Policy directives (see the module comment). */
export const contentSecurityPolicy = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  // The screens set element styles from script (React `style`), which CSP counts as inline style.
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'", "data:"],
  // 'self' covers ws:// and wss:// to the same host (CSP Level 3, "self" for WebSocket schemes).
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
  "upgrade-insecure-requests": null,
} as const;

/** Registers the headers for every route of `fastify` (call it on the root instance, before the routes). */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: false,
  });
}
