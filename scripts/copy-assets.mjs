// Copies what tsc does not emit into the build: the server's Lua scripts.
import { cpSync } from "node:fs";

cpSync("server/src/state/lua", "server/dist/state/lua", { recursive: true });
