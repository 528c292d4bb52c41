/** Version reported as the instrumentation scope version; kept in step with package.json. */
export const VERSION = '0.1.0';
