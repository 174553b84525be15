// Structured logs (pino). Secrets such as the bot token never reach a log line.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(options: { level: string; secrets: (string | undefined)[]; destination?: pino.DestinationStream }): Logger {
  const secrets = options.secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join("[secret]"), text);
  return pino(
    {
      level: options.level,
      redact: { paths: ["token", "*.token", "code", "*.code", "invite", "*.invite", "secret", "*.secret"], censor: "[secret]" },
      serializers: {
        err: (err: unknown) => {
          // A failed Bot API call's payload is the message being sent: invite codes, reported figures. Its method stays.
          const { payload: _payload, ...serialized } = pino.stdSerializers.err(err as Error) as Record<string, unknown>;
          return JSON.parse(scrub(JSON.stringify(serialized))) as object;
        },
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === "string" ? scrub(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
