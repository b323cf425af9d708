/** CHANGELOG.md with the version's npm integrity under its heading (unchanged when it is there already). */
export function withChecksum(changelog: string, version: string, integrity: string): string;
