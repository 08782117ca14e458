/**
 * Reads the JSON configuration files named by the environment (AGENTS_FILE, QUEUES_FILE) and
 * validates them with zod, so a bad file stops the start with one line naming the variable, the
 * file and the first problem.
 */
import { readFile } from "node:fs/promises";
import type { z } from "zod";

/**
 * Parses `text`, the content of the file at `path` named by `variable`, against `schema`.
 * @throws Error "<variable> <path> is not valid JSON: …" or "<variable> <path>: entry <path>: <problem>".
 */
export function parseJsonFile<T>(variable: string, path: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${variable} ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${variable} ${path}: entry ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Reads and validates the file at `path` named by `variable`.
 * @throws Error "Cannot read <variable> <path>: …", or as {@link parseJsonFile}.
 */
export async function readJsonFile<T>(variable: string, path: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read ${variable} ${path}: ${(error as Error).message}`);
  }
  return parseJsonFile(variable, path, text, schema);
}
