import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for OpenAI's chat completions API, for n8n's AI Agent in end-to-end tests (no model is reachable here).
 * It plays a model that always consults the first tool it is offered: asked without a tool result, it calls that
 * tool with the user's last message as `message`; given the tool's result, it answers with that result. Answers are
 * JSON or server-sent events, as the request asks.
 */

type Json = Record<string, unknown>;

interface ChatMessage {
	role: string;
	content?: unknown;
}

export interface FakeChatModel {
	/** For n8n's OpenAI credential's Base URL. */
	baseUrl: string;
	/** The bodies of the chat completion requests, in order. */
	requests: Json[];
	close(): Promise<void>;
}

export const FAKE_MODEL_ANSWER_PREFIX = 'The Selarti AI says: ';

let toolCallNumber = 0;

export async function startFakeChatModel(): Promise<FakeChatModel> {
	const requests: Json[] = [];
	const server = createServer((req, res) => {
		void readJson(req).then((body) => {
			if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) {
				send(res, 404, { error: { message: `No fake for ${req.method} ${req.url}` } });
				return;
			}
			requests.push(body);
			answer(res, body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () =>
			await new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** The model's next message: a call of the first tool, or the answer made of the tool's result. */
function nextMessage(body: Json): Json {
	const messages = (body.messages as ChatMessage[] | undefined) ?? [];
	const toolResult = [...messages].reverse().find((message) => message.role === 'tool');
	if (toolResult !== undefined) {
		return {
			role: 'assistant',
			content: `${FAKE_MODEL_ANSWER_PREFIX}${toolText(toolResult.content)}`,
		};
	}
	const tools = (body.tools as Array<{ function: { name: string } }> | undefined) ?? [];
	const lastUser = [...messages].reverse().find((message) => message.role === 'user');
	if (tools.length === 0) return { role: 'assistant', content: 'No tool was offered.' };
	return {
		role: 'assistant',
		content: null,
		tool_calls: [
			{
				id: `call_${(toolCallNumber += 1)}`,
				type: 'function',
				function: {
					name: tools[0].function.name,
					arguments: JSON.stringify({ message: textOf(lastUser?.content) }),
				},
			},
		],
	};
}

/** The reply text in the Selarti tool's result (its output items as JSON), or the result as it came. */
function toolText(content: unknown): string {
	const text = textOf(content);
	try {
		const items = JSON.parse(text) as unknown;
		const first = Array.isArray(items) ? (items[0] as Json | undefined) : undefined;
		if (typeof first?.reply_text === 'string') return first.reply_text;
	} catch {
		// Not JSON: an error text, passed on as it is.
	}
	return text;
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content.map((part) => (part as { text?: string }).text ?? '').join('');
	}
	return '';
}

function answer(res: ServerResponse, body: Json): void {
	const message = nextMessage(body);
	const finishReason = message.tool_calls === undefined ? 'stop' : 'tool_calls';
	const base = {
		id: `chatcmpl-${Date.now()}`,
		created: Math.floor(Date.now() / 1000),
		model: body.model,
	};
	const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	if (body.stream !== true) {
		send(res, 200, {
			...base,
			object: 'chat.completion',
			choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
			usage,
		});
		return;
	}
	const toolCalls = (message.tool_calls as Json[] | undefined)?.map((call, index) => ({
		index,
		...call,
	}));
	const chunks: Json[] = [
		{
			role: 'assistant',
			...(toolCalls ? { tool_calls: toolCalls } : { content: message.content }),
		},
	].map((delta) => ({
		...base,
		object: 'chat.completion.chunk',
		choices: [{ index: 0, delta, finish_reason: null }],
	}));
	chunks.push({
		...base,
		object: 'chat.completion.chunk',
		choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
		usage,
	});
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const chunk of chunks) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
	res.end('data: [DONE]\n\n');
}

function send(res: ServerResponse, status: number, body: Json): void {
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Json> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return text === '' ? {} : (JSON.parse(text) as Json);
	} catch {
		return {};
	}
}
