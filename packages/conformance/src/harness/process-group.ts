import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/**
 * The live processes of a process group. `pnpm run` and srvx exit on SIGTERM while the server they started
 * may not, so "stopped" means every member is gone, not the one we spawned. Zombies are dead already.
 */
export function liveMembers(groupId: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the parenthesised command name: state, ppid, pgrp, …
    const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(group) === groupId && state !== "Z") members.push(Number(entry));
  }
  return members;
}

export function groupResidentBytes(groupId: number): number {
  let total = 0;
  for (const pid of liveMembers(groupId)) {
    try {
      const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(kib ?? 0) * 1024;
    } catch {
      // Exited while we looked.
    }
  }
  return total;
}

/** The program each live member of the group runs, by file name (`node`, `bun`, `sh`…), the leader left out. */
export function memberPrograms(groupId: number): string[] {
  const programs: string[] = [];
  for (const pid of liveMembers(groupId)) {
    if (pid === groupId) continue;
    try {
      // Bun's npm package names its binary bun.exe on every platform.
      programs.push(basename(readlinkSync(`/proc/${pid}/exe`)).replace(/\.exe$/, ""));
    } catch {
      // Exited while we looked.
    }
  }
  return programs;
}

export function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // The whole group is gone already.
  }
}

export async function waitUntilGone(groupId: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (liveMembers(groupId).length > 0) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Groups a test run started are noted as files in the folder the suite's global setup names, so its
 * teardown can kill whatever a failed or timed-out test left running.
 */
export const processRegistryVariable = "CROSSWALK_PROCESS_REGISTRY";

export function noteGroup(groupId: number): void {
  const folder = process.env[processRegistryVariable];
  if (folder) writeFileSync(join(folder, String(groupId)), "");
}

export function forgetGroup(groupId: number): void {
  const folder = process.env[processRegistryVariable];
  if (folder) rmSync(join(folder, String(groupId)), { force: true });
}

/** Kills every noted group that is still alive; returns how many it had to kill. */
export async function killNotedGroups(folder: string): Promise<number> {
  mkdirSync(folder, { recursive: true });
  let killed = 0;
  for (const entry of readdirSync(folder)) {
    const groupId = Number(entry);
    if (liveMembers(groupId).length > 0) {
      killed++;
      signalGroup(groupId, "SIGKILL");
      await waitUntilGone(groupId, 5_000);
    }
  }
  return killed;
}
