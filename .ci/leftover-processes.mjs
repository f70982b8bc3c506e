// Lists the processes still alive that a CI run started, by the marker variable every process it started
// inherits (CROSSWALK_CI_RUN), waiting a few seconds for processes on their way out. Kills what is left and
// exits 1, naming each; exits 0 when none is left. Only this script and its ancestors are exempt.
import { readdirSync, readFileSync } from "node:fs";

const marker = `CROSSWALK_CI_RUN=${process.env.CROSSWALK_CI_RUN}`;
if (!process.env.CROSSWALK_CI_RUN) {
  console.error("leftover-processes: CROSSWALK_CI_RUN is not set");
  process.exit(2);
}

const stat = (pid) => {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const [state, ppid] = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state, ppid: Number(ppid) };
};

const exempt = new Set();
for (let pid = process.pid; pid > 1; pid = stat(pid).ppid) exempt.add(pid);

function leftovers() {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || exempt.has(Number(entry))) continue;
    try {
      if (stat(entry).state === "Z") continue;
      if (!readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(marker)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      found.push({ pid: Number(entry), command: command.slice(0, 200) });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

const deadline = Date.now() + 10_000;
let found = leftovers();
while (found.length > 0 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  found = leftovers();
}
if (found.length === 0) process.exit(0);
console.error(`ci: ${found.length} process(es) started by the tests are still running:`);
for (const { pid, command } of found) {
  console.error(`  pid ${pid}: ${command}`);
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
}
process.exit(1);
