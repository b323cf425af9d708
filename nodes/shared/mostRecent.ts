/** Stores the value as the most recently used of the map, and forgets the least recently used beyond `max`. */
export function keepAsMostRecent<V>(map: Map<string, V>, key: string, value: V, max: number): V {
	map.delete(key);
	map.set(key, value);
	if (map.size > max) map.delete(map.keys().next().value as string);
	return value;
}
