/** Why node_modules does not match package-lock.json (the first difference found), or undefined when it does. */
export function staleDependencies(root: string): string | undefined;
