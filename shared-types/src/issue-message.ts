/**
 * Turns a zod issue into words a person can act on: which field, what it must be, what it was.
 * The caller puts the subject in front ("Command \"x\"", "Event \"y\"").
 */
import type { z } from "zod";

/** One problem with a field: `missing` when the field is absent, else `problem` is "must be …; got …". */
export interface FieldProblem {
  /** Dotted path inside the checked object, array items as `[i]`, e.g. `"capacity.max"`, `"activeCalls[0].startTime"`. */
  path: string;
  missing: boolean;
  /** For a missing field, what it should hold, e.g. `"string"`, `"one of available, paused, offline"`. */
  expected: string;
  /** For a present field, e.g. `"must be a number; got string"`. */
  problem: string;
}

const MAX_SHOWN_VALUE = 60;

/** Formats a zod path: `["activeCalls", 0, "startTime"]` → `"activeCalls[0].startTime"`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Describes `issue`, found while checking `input`; `path` is the issue path relative to `input`. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const value = valueAt(input, issue.path);
  const path = formatPath(issue.path);
  const missing = value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union");
  return { path, missing, expected: expectedName(issue), problem: `${requirement(issue, value)}; got ${shown(issue, value)}` };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function expectedName(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return typeNoun(issue.expected);
    case "invalid_value":
      return issue.values.length === 1 ? literal(issue.values[0]) : `one of ${issue.values.map(literal).join(", ")}`;
    case "invalid_union":
      return unionAlternatives(issue).join(" or ") || "a valid value";
    default:
      return "a valid value";
  }
}

function requirement(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      // A string where an integer belongs is first of all not a number.
      if (issue.expected === "int" && typeof value !== "number") return "must be a number";
      return `must be ${withArticle(issue.expected)}`;
    case "invalid_value":
      return `must be ${expectedName(issue)}`;
    case "invalid_union": {
      const alternatives = unionAlternatives(issue);
      return alternatives.length > 0 ? `must be ${alternatives.map(withArticle).join(" or ")}` : "matches none of the allowed shapes";
    }
    case "invalid_format":
      if (issue.format === "datetime") return "must be an ISO 8601 UTC time such as 2024-01-15T10:30:00.000Z";
      return issue.format === "regex" ? issue.message : `must be a valid ${issue.format}`;
    case "too_small":
      return bound(issue.origin, "at least", "greater than", issue.minimum, issue.inclusive);
    case "too_big":
      return bound(issue.origin, "at most", "less than", issue.maximum, issue.inclusive);
    default:
      return `is invalid (${issue.message})`;
  }
}

function bound(origin: string, inclusiveWord: string, exclusiveWord: string, limit: number | bigint, inclusive: boolean | undefined): string {
  if (origin === "string") return limit === 1 && inclusiveWord === "at least" ? "must not be empty" : `must be ${inclusiveWord} ${limit} characters long`;
  if (origin === "array") return `must have ${inclusiveWord} ${limit} items`;
  return `must be ${inclusive ? inclusiveWord : exclusiveWord} ${limit}`;
}

function unionAlternatives(issue: z.core.$ZodIssue): string[] {
  if (issue.code !== "invalid_union") return [];
  const names: string[] = [];
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first?.code === "invalid_type" && first.path.length === 0) names.push(typeNoun(first.expected));
  }
  return names;
}

function typeNoun(expected: string): string {
  if (expected === "int") return "integer";
  if (expected === "record") return "object";
  return expected;
}

function withArticle(expected: string): string {
  const noun = typeNoun(expected);
  if (noun === "null" || noun === "undefined") return noun;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function literal(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}

/** What was received: the type for type mismatches, the value itself when the type was right. */
function shown(issue: z.core.$ZodIssue, value: unknown): string {
  const typeOnly = issue.code === "invalid_type" && !(issue.expected === "int" && typeof value === "number");
  if (typeOnly || issue.code === "invalid_union") return typeName(value);
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeName(value);
}

/** `value` in double quotes as JSON writes it, cut to 60 characters so a huge value cannot flood a message. */
export function quote(value: string): string {
  const quoted = JSON.stringify(value);
  return quoted.length > MAX_SHOWN_VALUE ? `${quoted.slice(0, MAX_SHOWN_VALUE)}…" (${value.length} characters)` : quoted;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value;
}
