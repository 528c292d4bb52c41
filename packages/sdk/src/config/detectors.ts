import { randomUUID } from 'node:crypto';
import { arch, hostname } from 'node:os';
import { basename } from 'node:path';
import type { Attributes } from '@yardstick/core';

/** A resource detector: synchronous, and never throws (a failing probe just adds nothing). */
export type ResourceDetector = () => Attributes;

/**
 * processDetector reports the running process (semantic conventions `process.*`).
 * `process.command_args` is opt-in: command lines often carry secrets.
 */
export function processDetector(options: { commandArgs?: boolean } = {}): ResourceDetector {
  return () => {
    const attributes: Attributes = {
      'process.pid': process.pid,
      'process.executable.name': basename(process.execPath),
      'process.executable.path': process.execPath,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'process.runtime.description': 'Node.js',
    };
    if (process.argv[1]) attributes['process.command'] = process.argv[1];
    if (options.commandArgs) attributes['process.command_args'] = [process.argv0, ...process.argv.slice(1)];
    return attributes;
  };
}

/** Node's `os.arch()` names mapped to the semantic-convention values of `host.arch`. */
const HOST_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: 'x86',
  arm: 'arm32',
  ppc: 'ppc32',
  ppc64: 'ppc64',
  s390x: 's390x',
};

/** hostDetector reports `host.name` and `host.arch`. */
export const hostDetector: ResourceDetector = () => {
  const attributes: Attributes = { 'host.arch': HOST_ARCH[arch()] ?? arch() };
  try {
    attributes['host.name'] = hostname();
  } catch {
    // No host name available (sandboxes): leave it out.
  }
  return attributes;
};

let instanceId: string | undefined;

/**
 * serviceInstanceDetector reports a random `service.instance.id` (UUID v4), generated once per
 * process so every provider of one process reports the same instance.
 */
export const serviceInstanceDetector: ResourceDetector = () => {
  instanceId ??= randomUUID();
  return { 'service.instance.id': instanceId };
};
