// Filled in by build.mjs: the build's version and the files the service worker keeps.
declare const __VERSION__: string;
declare const __PRECACHE__: string[];
