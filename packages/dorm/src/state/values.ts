// What a value may be where dorm keeps or sends it, as types. Each check maps a value's type to
// itself when it is fine and puts a sentence where it is not, so the compiler's message says what
// is wrong and how to fix it ("Type 'Date' is not assignable to type '"a Date ...'"). `unknown`
// passes each check: nothing is known about it to refuse.

/** Values without parts. */
type Primitive = string | number | bigint | boolean | symbol | null | undefined;
type AnyFunction = (...args: never[]) => unknown;
/** Kept whole by structured clone (and RPC), and not taken apart by these types. */
type Opaque = Date | RegExp | Error | ArrayBuffer | ArrayBufferView | Blob | Request | Response | Headers | ReadableStream | WritableStream;

/**
 * A value read-only at every depth: how handlers see `ctx.state`. The state changes only through
 * `ctx.setState`, which persists it; writing into it in place (`ctx.state.count = 5`,
 * `ctx.state.items.push(x)`) would change memory only, and the next activation would bring the
 * old value back. Use it for helpers that take the state:
 *
 * @example
 * function total(state: Immutable<CartState>): number {
 *   return state.items.reduce((sum, item) => sum + item.price, 0);
 * }
 */
export type Immutable<T> = unknown extends T
  ? T
  : T extends Primitive | AnyFunction | Opaque
  ? T
  : T extends ReadonlyMap<infer K, infer V>
    ? ReadonlyMap<Immutable<K>, Immutable<V>>
    : T extends ReadonlySet<infer V>
      ? ReadonlySet<Immutable<V>>
      : { readonly [K in keyof T]: Immutable<T[K]> };

/**
 * `T` when structured clone can store it (`ctx.storage.put`); a sentence in place of each part
 * that cannot be stored (functions, symbols, and so class instances with methods).
 */
export type Storable<T> = unknown extends T
  ? T
  : T extends Exclude<Primitive, symbol> | Opaque
  ? T
  : T extends symbol
    ? "a symbol cannot be stored: store a string"
    : T extends AnyFunction
      ? "a function cannot be stored: store the data it needs, and keep the function in code"
      : T extends ReadonlyMap<infer K, infer V>
        ? ReadonlyMap<Storable<K>, Storable<V>>
        : T extends ReadonlySet<infer V>
          ? ReadonlySet<Storable<V>>
          : { [K in keyof T]: Storable<T[K]> };

/**
 * A value for one storage key: `Storable`, and not `undefined` (storage cannot keep it as a value;
 * null can be stored, or the key deleted).
 */
export type StoredValue<T> = unknown extends T
  ? T
  : undefined extends T
    ? "undefined cannot be stored as a value: store null, or delete the key"
    : Storable<T>;

/**
 * `T` when it comes back unchanged from JSON (schedule payloads are stored as JSON); a sentence
 * in place of each part that would not.
 */
export type Json<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null | undefined
  ? T
  : T extends Date
    ? "a Date arrives as a string through JSON: pass date.getTime() or date.toISOString()"
    : T extends ReadonlyMap<unknown, unknown> | ReadonlySet<unknown>
      ? "a Map or Set arrives as {} through JSON: pass an array of its entries"
      : T extends ArrayBuffer | ArrayBufferView
        ? "binary data does not survive JSON: store it with ctx.storage and pass its key"
        : T extends AnyFunction | symbol | bigint
          ? "functions, symbols and bigints cannot go through JSON"
          : { [K in keyof T]: Json<T[K]> };

/** `T` with nothing read-only, at any depth. */
export type Writable<T> = unknown extends T
  ? T
  : T extends Primitive | AnyFunction | Opaque
    ? T
    : T extends ReadonlyMap<infer K, infer V>
      ? Map<Writable<K>, Writable<V>>
      : T extends ReadonlySet<infer V>
        ? Set<Writable<V>>
        : { -readonly [K in keyof T]: Writable<T[K]> };

type Identical<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/**
 * What a caller receives for a value `T` sent over RPC or as a reply: a copy of its own, so
 * nothing in it is read-only (a method may return part of its read-only `ctx.state`). `T` itself
 * when it has nothing read-only, so editors keep showing its name.
 */
export type Received<T> = Identical<T, Writable<T>> extends true ? T : Writable<T>;
