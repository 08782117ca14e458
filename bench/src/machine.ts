/** What the figures were measured on. */
import os from "node:os";
import { execFileSync } from "node:child_process";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  os: string;
  node: string;
  redis: string;
  /** Open-file limit (soft/hard) of this process; each connected client needs one descriptor per side. */
  openFiles: { soft: number; hard: number };
}

/** Reads the open-file limits from /proc (Linux); `Infinity` for "unlimited". */
export function openFileLimits(): { soft: number; hard: number } {
  const text = execFileSync("sh", ["-c", "ulimit -Sn; ulimit -Hn"], { encoding: "utf8" }).trim().split("\n");
  const parse = (value: string | undefined) => (value === undefined || value === "unlimited" ? Infinity : Number(value));
  return { soft: parse(text[0]), hard: parse(text[1]) };
}

export function machineInfo(): MachineInfo {
  let redis = "unknown";
  try {
    redis = execFileSync("redis-server", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // Reported as unknown: the version is information, not a requirement.
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis,
    openFiles: openFileLimits(),
  };
}
