import { consoleLogger, describeError, type Logger } from "@crosswalk/log";

/**
 * What a server does with a listen error (the port taken, no permission): stop the process non-zero with a
 * message that names PORT. A process that stays up serving nothing looks healthy to its supervisor.
 */
export function exitOnListenError(
  name: string,
  port: number,
  log: Logger = consoleLogger(name),
): (error: unknown) => never {
  return (error) => {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? "unknown error";
    log.error({}, `cannot listen on PORT ${port} (${code}); set PORT to a free port`);
    return process.exit(1);
  };
}

/**
 * What a server does when it cannot start for another reason than its port (a plugin that fails to load):
 * stop non-zero, naming the error by its name and code, not as a listen error, which would send an operator
 * looking at the wrong thing.
 */
export function exitOnStartError(
  name: string,
  log: Logger = consoleLogger(name),
): (error: unknown) => never {
  return (error) => {
    log.error({}, `could not start: ${describeError(error)}`);
    return process.exit(1);
  };
}
