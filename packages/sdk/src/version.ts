/** VERSION of `@yardstick/sdk`, reported as `telemetry.sdk.version`. */
export const VERSION = '0.1.0';
