import { TokenExchanges } from '../../../nodes/shared/transport/tokenExchanges';

describe('API key exchanges shared by parallel calls', () => {
	let now = 0;
	const exchanges = () => new TokenExchanges(60_000, () => now);
	beforeEach(() => {
		now = 1_000_000;
	});

	test('calls that need a token at the same time share one exchange', async () => {
		const cache = exchanges();
		let resolve: (token: string) => void = () => undefined;
		const exchange = jest.fn(async () => await new Promise<string>((done) => (resolve = done)));
		const waiting = [
			cache.obtain('key', '', exchange),
			cache.obtain('key', 'old', exchange),
			cache.obtain('key', '', exchange),
		];
		resolve('token-1');
		expect(await Promise.all(waiting)).toEqual(['token-1', 'token-1', 'token-1']);
		expect(exchange).toHaveBeenCalledTimes(1);
	});

	test('a call still holding an older token reuses the one just obtained', async () => {
		const cache = exchanges();
		await cache.obtain('key', '', async () => 'token-1');
		const exchange = jest.fn(async () => 'token-2');
		expect(await cache.obtain('key', 'token-0', exchange)).toBe('token-1');
		expect(exchange).not.toHaveBeenCalled();
	});

	test('a call whose token is the one just obtained gets a new exchange: that token was rejected', async () => {
		const cache = exchanges();
		await cache.obtain('key', '', async () => 'token-1');
		expect(await cache.obtain('key', 'token-1', async () => 'token-2')).toBe('token-2');
	});

	test('tokens are reused only for a short while, and per key', async () => {
		const cache = exchanges();
		await cache.obtain('key', '', async () => 'token-1');
		expect(await cache.obtain('other key', '', async () => 'other-token')).toBe('other-token');
		now += 60_001;
		expect(await cache.obtain('key', '', async () => 'token-2')).toBe('token-2');
	});

	test('a failed exchange is not remembered', async () => {
		const cache = exchanges();
		await expect(
			cache.obtain('key', '', async () => await Promise.reject(new Error('refused'))),
		).rejects.toThrow('refused');
		expect(await cache.obtain('key', '', async () => 'token-1')).toBe('token-1');
	});
});
