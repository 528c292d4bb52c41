/** Captures `@opentelemetry/api` diag output for assertions. */
import { DiagLogLevel, diag } from '@opentelemetry/api';

export interface CapturedDiag {
  messages: { level: string; text: string }[];
  stop(): void;
}

export function captureDiag(): CapturedDiag {
  const messages: { level: string; text: string }[] = [];
  const log =
    (level: string) =>
    (message: string, ...args: unknown[]) => {
      messages.push({ level, text: [message, ...args.map(String)].join(' ') });
    };
  diag.setLogger(
    { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') },
    { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true },
  );
  return { messages, stop: () => diag.disable() };
}
