// The shape of a keyed check message, in one place for everyone who reads one: the course schema
// (messages.yaml), the judge (a FAIL_T/PASS_T line a lab prints), the renderer ({name} in a catalog
// message) and the store (the key and arguments a history keeps). Here in curriculum/, which
// imports nothing from check/. A catalog may only use names and keys that a FAIL_T line can carry,
// or its message could never be filled in.

/** A message key: what `fail_t KEY` prints and a catalog names. */
export const MESSAGE_KEY_MAX = 64;
export const MESSAGE_KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** An argument name: `fail_t KEY name=value`, `{name}` in a message. */
export const ARG_NAME_MAX = 32;
export const ARG_NAME = /^[a-z_][a-z0-9_]{0,31}$/;

/** Arguments of one line, and characters of each value, the judge keeps. */
export const MAX_ARGS = 16;
export const MAX_ARG_CHARS = 500;

/** `{name}` in a catalog message, any length (the schema reports names longer than ARG_NAME_MAX). */
export const MESSAGE_ARG = /\{([a-z_][a-z0-9_]*)\}/g;
