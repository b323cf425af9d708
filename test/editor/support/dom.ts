/**
 * The few browser types the in-page callbacks need. The project compiles without the DOM library (tsconfig lib
 * es2021, shared with node code), so they are declared here instead of adding DOM globals to every file.
 */
export interface PageImage {
	src: string;
	naturalWidth: number;
	decode(): Promise<void>;
}

export interface PageWindow {
	localStorage: { setItem(key: string, value: string): void };
}

export interface PageDocument {
	document: {
		querySelectorAll(selector: string): { length: number };
		activeElement: { blur(): void } | null;
	};
}

export interface PageElement {
	scrollHeight: number;
	clientHeight: number;
	scrollWidth: number;
	clientWidth: number;
	querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageFocusable {
	ownerDocument: { activeElement: { blur(): void } | null };
}
