// Bundle entry `files` (ceiling in bench/bundle/ceilings.ts): upload one image with the
// functional core (`DeepSeekCore` + `uploadFile`), the Files API's size-conscious form.
// `bench/bundle.ts` resolves 'deepseek-fetch' to dist/ (when built) or src/.
import { DeepSeekCore, uploadFile } from 'deepseek-fetch';

export async function uploadImage(apiKey: string, image: Blob): Promise<string> {
  const deepseek = new DeepSeekCore({ apiKey, dangerouslyAllowBrowser: true });
  const file = await uploadFile(deepseek, { file: image, purpose: 'user_data' });
  return file.id;
}
