// The app's module rule makes .html files Data modules: the import is an ArrayBuffer.
declare module "*.html" {
  const data: ArrayBuffer;
  export default data;
}
