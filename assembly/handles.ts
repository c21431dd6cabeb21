// The handle table: one u32 word per slot, `generation << STATE_BITS | state`,
// and a LIFO stack of released slots (at the top of the lists region, arena.ts).
//
// Invariant: an id `generation * SLOT_SPAN + slot` names a live handle iff the
// slot's word carries that generation and a live state (READY or TIMER).
// Releasing a slot bumps its generation, so every id handed out for it
// before turns stale; a slot whose generation is exhausted is retired
// instead of wrapped, so an id is never issued twice.
// Costs: allocate O(1) amortised (growth is geometric), release O(1),
// lookup O(1). Unused slots are taken in index order, released ones
// most-recent first (warm in cache). A push onto the free stack needs the
// slot's list entry (if it had one) to be read already: the stack grows down
// into the lists' unused middle (scheduler.ts keeps that true).

import * as arena from "./arena";
import * as shrinking from "./shrink";
import { freeEntry, growSlots, slotCapacity, slotsPtr } from "./arena";
import {
  FREE, FULL, ID_LIMIT, MAX_GENERATION, MAX_SLOTS, NO_MEMORY, RETIRED, SLOT_BITS, SLOT_MASK, SLOT_SPAN, SLOT_WORD_SIZE, STATE_BITS, STATE_MASK,
} from "./layout";

/** Slots ever taken: slots at and above this index have never been used. */
export let slotsUsed: u32 = 0;

// @ts-ignore: decorator
@inline function wordPtr(slot: u32): usize {
  return slotsPtr + <usize>slot * SLOT_WORD_SIZE;
}

// @ts-ignore: decorator
@inline function word(generation: u32, state: u32): u32 {
  return (generation << STATE_BITS) | state;
}

// @ts-ignore: decorator
@inline export function generationOf(word: u32): u32 {
  return word >> STATE_BITS;
}

// @ts-ignore: decorator
@inline export function wordOf(slot: u32): u32 {
  return load<u32>(wordPtr(slot));
}

// @ts-ignore: decorator
@inline export function stateOf(slot: u32): u32 {
  return wordOf(slot) & STATE_MASK;
}

// @ts-ignore: decorator
@inline export function setState(slot: u32, state: u32): void {
  const at = wordPtr(slot);
  store<u32>(at, (load<u32>(at) & ~STATE_MASK) | state);
}

/**
 * A slot in `state`; returns its id, FULL when every slot is taken, or
 * NO_MEMORY when the memory cannot grow (nothing is changed then).
 */
// @ts-ignore: decorator
@inline export function allocate(state: u32): f64 {
  let slot: u32;
  if (arena.freeCount > 0) {
    slot = load<u32>(freeEntry(0));
    arena.freeCount--;
  } else {
    if (slotsUsed >= MAX_SLOTS) return FULL;
    if (slotsUsed == slotCapacity && !growSlots()) return NO_MEMORY;
    slot = slotsUsed++;
    store<u32>(wordPtr(slot), word(shrinking.generationFloor, FREE));
  }
  const at = wordPtr(slot);
  const generation = generationOf(load<u32>(at));
  store<u32>(at, word(generation, state));
  return <f64>generation * <f64>SLOT_SPAN + <f64>slot;
}

// @ts-ignore: decorator
@inline export function release(slot: u32): void {
  const at = wordPtr(slot);
  const generation = generationOf(load<u32>(at));
  if (generation == MAX_GENERATION) {
    store<u32>(at, word(generation, RETIRED));
    return;
  }
  store<u32>(at, word(generation + 1, FREE));
  shrinking.releasedSinceLook++;
  arena.freeCount++;
  store<u32>(freeEntry(0), slot);
}

/** The slot an id names if it is current (any state), else -1. */
export function currentSlot(id: f64): i32 {
  if (!(id >= 0 && id < ID_LIMIT) || id != Math.floor(id)) return -1;
  const bits = <u64>id;
  const slot = <u32>(bits & SLOT_MASK);
  if (slot >= slotsUsed) return -1;
  if (generationOf(wordOf(slot)) != <u32>(bits >> SLOT_BITS)) return -1;
  return <i32>slot;
}

