export const connectLanyard = () => ({ close() {} });
