const MASTER_FORMS: RegExp[] = [
  /^local$/,
  /^local\[(\*|[1-9]\d*)(,[1-9]\d*)?\]$/,
  /^local-cluster\[[1-9]\d*,[1-9]\d*,[1-9]\d*\]$/,
  /^yarn$/,
  /^spark:\/\/[^\s/:]+:\d+(,[^\s/:]+:\d+)*$/,
  /^k8s:\/\/\S+$/,
];

export function isKnownMaster(master: string): boolean {
  return MASTER_FORMS.some((form) => form.test(master));
}
