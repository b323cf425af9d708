/**
 * The trigger's versions; the last is what new workflows get. They work alike: from version 2 on, n8n reads a
 * delivery's body without evaluating an expression (for a version-1 start node it evaluates one per delivery, which
 * takes an expression isolate), and the trigger reads any body n8n left unread.
 */
export const TRIGGER_VERSIONS = [1, 2];
export const LATEST_TRIGGER_VERSION = TRIGGER_VERSIONS[TRIGGER_VERSIONS.length - 1];
