/**
 * Ask a vision model about an image: upload it once with the Files API, reference it in a chat
 * message by its id, then delete it.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/vision-upload.ts ./screenshot.png "What does this show?"
 *
 * Without a path it uploads a built-in 2x2 PNG (red, green, blue and white pixels).
 */
import { DeepSeek, FileUploadError, Files, imagePart, toFile } from 'deepseek-fetch';

// The Files API is an opt-in resource: a chat-only app never bundles it.
const client = new DeepSeek().with({ files: Files });
const [path, question = 'Describe this image in one sentence.'] = process.argv.slice(2);
const builtIn = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAwPAfhP7//w8AH+4F+3uLQwgAAAAASUVORK5CYII='), (char) => char.charCodeAt(0));

// Test hook, not needed in your code: CI runs this against a Prism mock of the API, which serves
// its first example unless asked for the one that fits.
const mock = (example: string) => (process.env.DEEPSEEK_EXAMPLES_MOCK ? { headers: { prefer: `example=${example}` } } : {});

// A path becomes a Blob backed by the file on disk: nothing is read into memory up front, and a
// failed attempt can be sent again. The type is checked from the bytes before anything is sent.
let file;
try {
  file = await client.files.create(
    {
      file: path ? await toFile(path) : await toFile(builtIn, 'pixels.png'),
      purpose: 'user_data',
      // A safety net: should the delete below never run, DeepSeek removes the file after an hour.
      expires_after: { anchor: 'created_at', seconds: 3600 },
    },
    mock('expiring'),
  );
} catch (error) {
  if (error instanceof FileUploadError) {
    // unsupported_type, too_large, filename_too_long, expires_after_out_of_range, invalid_file
    console.error(`not uploaded (${error.reason}): ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const expires = file.expires_at === undefined ? 'never expires' : `expires at ${new Date(file.expires_at * 1000).toISOString()}`;
console.log(`uploaded ${file.filename} as ${file.id} (${file.bytes} bytes), ${expires}`);

try {
  const completion = await client.chat.completions.create(
    {
      model: 'deepseek-flash',
      messages: [
        {
          role: 'user',
          // imagePart(file) is { type: 'file', file_id: file.id }, the shape DeepSeek documents.
          content: [{ type: 'text', text: question }, imagePart(file)],
        },
      ],
    },
    mock('vision'),
  );
  console.log(completion.choices[0]?.message.content ?? '(no answer)');
} finally {
  // Files stay until deleted (or until expires_after): clean up even when the question failed.
  const { deleted } = await client.files.delete(file.id);
  console.log(`deleted ${file.id}: ${deleted}`);
}
