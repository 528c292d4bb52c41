import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, beforeEach } from 'vitest';

/** captureDiag collects every diag message of a test. */
export function captureDiag(): { messages: { level: string; text: string }[] } {
  const box = { messages: [] as { level: string; text: string }[] };
  const push = (level: string) => (text: string) => box.messages.push({ level, text });
  beforeEach(() => {
    box.messages.length = 0;
    diag.setLogger(
      { error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug'), verbose: push('verbose') },
      { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
    );
  });
  afterEach(() => diag.disable());
  return box;
}
