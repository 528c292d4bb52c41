// Placeholder until configuration lands: `node --import @yardstick/sdk/register` is built in issue 7.
export {};
