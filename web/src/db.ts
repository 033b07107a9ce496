// The phone's own storage (IndexedDB): the session, cached server data, form drafts, the
// outbox of submissions not yet acknowledged and every exam answer record (by its answer_id,
// indexed by attempt). Everything a person typed lives here first.
const NAME = "kompeten";
const VERSION = 2;
export type Store = "kv" | "outbox" | "answers";

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("kv")) db.createObjectStore("kv");
      if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", { keyPath: "id" });
      if (!db.objectStoreNames.contains("answers")) {
        db.createObjectStore("answers", { keyPath: "answer_id" }).createIndex("attempt_id", "attempt_id");
      }
    };
    request.onsuccess = () => {
      // A newer build in another tab upgrades the schema: give way rather than block it.
      request.result.onversionchange = () => {
        request.result.close();
        opened = null;
      };
      resolve(request.result);
    };
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run<T>(store: Store, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = act(tx.objectStore(store));
    // Resolved when the transaction commits, not when the request succeeds: a write is
    // durable only then (a reload right after must find it).
    tx.oncomplete = () => resolve(request.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const get = <T>(key: string, store: Store = "kv") =>
  run<T | undefined>(store, "readonly", (s) => s.get(key));
export const put = (key: string | null, value: unknown, store: Store = "kv") =>
  run<IDBValidKey>(store, "readwrite", (s) => (key === null ? s.put(value) : s.put(value, key)));
export const remove = (key: string, store: Store = "kv") =>
  run<undefined>(store, "readwrite", (s) => s.delete(key));
export const all = <T>(store: Store) => run<T[]>(store, "readonly", (s) => s.getAll());
export const allBy = <T>(store: Store, index: string, key: IDBValidKey) =>
  run<T[]>(store, "readonly", (s) => s.index(index).getAll(key));
