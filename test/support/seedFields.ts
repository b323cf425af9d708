import { WEBHOOK_FIELDS } from '../../sandbox';

/**
 * The 20 webhook fields in the seed document's order, as the sandbox writes them out (it stands in for Selarti):
 * tests check the trigger's schema against this list, never against the schema itself.
 */
export const seedFieldNames: string[] = [...WEBHOOK_FIELDS];
