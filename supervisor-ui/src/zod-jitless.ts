/**
 * Imported first by `main.tsx`, before any schema is built: zod compiles object parsers with
 * `new Function` unless told not to, and the server's Content-Security-Policy (no 'unsafe-eval')
 * blocks that and reports a violation. The interpreted parsers are fast enough for a screen.
 */
import { config } from "zod";

config({ jitless: true });
