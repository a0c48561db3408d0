/**
 * The bench's turn order: every client once per round, the same order every time the bench runs,
 * and no client always after the same neighbour (a rotation kept each client's predecessor
 * fixed, which biased the second row of one build in every round).
 */
import { describe, expect, test } from 'vitest';
import { rotated } from '../../bench/rounds';

const clients = ['floor', 'openai', 'eventsource-parser', 'class (src)', 'core (src)', 'class (dist)', 'core (dist)'];

describe('the order of a round', () => {
  test('holds every client exactly once', () => {
    for (let round = 0; round < 50; round++) expect([...rotated(clients, round)].sort()).toEqual([...clients].sort());
  });

  test('is the same for the same round, run after run', () => {
    for (let round = 0; round < 10; round++) expect(rotated(clients, round)).toEqual(rotated(clients, round));
  });

  test('gives each client several different predecessors over 25 rounds, and varies its position', () => {
    for (const client of clients) {
      const predecessors = new Set<string>();
      const positions = new Set<number>();
      for (let round = 0; round < 25; round++) {
        const order = rotated(clients, round);
        const at = order.indexOf(client);
        positions.add(at);
        if (at > 0) predecessors.add(order[at - 1]!);
      }
      expect(predecessors.size).toBeGreaterThanOrEqual(4);
      expect(positions.size).toBeGreaterThanOrEqual(5);
    }
  });

  test('leaves the input list as it was', () => {
    const copy = [...clients];
    rotated(clients, 3);
    expect(clients).toEqual(copy);
  });
});
