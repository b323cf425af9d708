/** The part of xml2js (a dependency of n8n-workflow, which n8n's body parser uses for XML) the suite calls. */
declare module 'xml2js' {
	export interface ParserOptions {
		async?: boolean;
		normalize?: boolean;
		normalizeTags?: boolean;
		explicitArray?: boolean;
		tagNameProcessors?: Array<(name: string) => string>;
		attrNameProcessors?: Array<(name: string) => string>;
	}
	export class Parser {
		constructor(options?: ParserOptions);
		parseStringPromise(xml: string): Promise<unknown>;
	}
}
