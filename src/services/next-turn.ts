// Long reads made of many steps (the whole site's figures) give way between steps.
/**
 * Lets the event loop answer others before a long read goes on. SQLite's queries run synchronously
 * and each resolves at once, so a read of many steps would otherwise run from start to end without
 * letting any other request (or a write) in.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
