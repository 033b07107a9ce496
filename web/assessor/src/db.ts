// The tablet's own storage (IndexedDB, a database of its own beside the candidate app's): the
// signed-in assessor, this device's id and sequence, what was downloaded for the hall (sessions,
// rosters, the bank's instruments, the essays, the start code), every capture record (this
// device's and those read back from the server), the outbox of the other submissions, and the
// evidence files (photos, interviews' audio) waiting for (or done with) their upload (photos.ts)
// and the photos' small thumbnails (thumbs.ts).
const NAME = "kompeten-assessor";
const VERSION = 3; // 2: the photos store; 3: the thumbs store
export type Store = "kv" | "records" | "outbox" | "photos" | "thumbs";

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) {
        db.createObjectStore("kv");
        db.createObjectStore("records", { keyPath: "record_id" }).createIndex("session_id", "session_id");
        db.createObjectStore("outbox", { keyPath: "id" });
      }
      if (event.oldVersion < 2) db.createObjectStore("photos", { keyPath: "key" }).createIndex("session_id", "session_id");
      if (event.oldVersion < 3) db.createObjectStore("thumbs", { keyPath: "key" }).createIndex("session_id", "session_id");
    };
    request.onsuccess = () => {
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

// Resolved when the transaction commits: only then is a write durable (a reload finds it).
async function run<T>(store: Store, mode: IDBTransactionMode, act: (s: IDBObjectStore) => IDBRequest | void): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = act(tx.objectStore(store));
    tx.oncomplete = () => resolve((request ? request.result : undefined) as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const get = <T>(key: string, store: Store = "kv") => run<T | undefined>(store, "readonly", (s) => s.get(key));
export const put = (key: string | null, value: unknown, store: Store = "kv") =>
  run<IDBValidKey>(store, "readwrite", (s) => (key === null ? s.put(value) : s.put(value, key)));
export const remove = (key: string, store: Store = "kv") => run<undefined>(store, "readwrite", (s) => s.delete(key));
export const all = <T>(store: Store) => run<T[]>(store, "readonly", (s) => s.getAll());
export const allBy = <T>(store: Store, index: string, key: IDBValidKey) =>
  run<T[]>(store, "readonly", (s) => s.index(index).getAll(key));
// Several values in one transaction: all are written or none.
export const putAll = (values: unknown[], store: Store) =>
  run<undefined>(store, "readwrite", (s) => {
    for (const value of values) s.put(value);
  });
