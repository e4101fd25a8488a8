export declare function prepareDatabase(options?: { quiet?: boolean }): void;
