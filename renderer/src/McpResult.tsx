import { Badge } from './kit/index.js';
import { JsonBlock } from './JsonBlock.js';
import { Revealed } from './Revealed.js';

type Block = { type?: string; text?: string; data?: string; mimeType?: string; uri?: string; name?: string; resource?: Block; blob?: string };
type Json = Record<string, unknown>;

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A base64 payload's size in words ("12 KB of image/png"); the record may keep only its size. */
function payload(data: string | undefined, mimeType: string | undefined): string {
  if (!data) return mimeType ?? 'binary data';
  const kept = /^\[(\d+) characters of base64, not kept\]$/.exec(data);
  const chars = kept ? Number(kept[1]) : data.length;
  const bytes = Math.floor((chars * 3) / 4);
  const size = bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${size} of ${mimeType ?? 'binary data'}${kept ? ' (not kept on the record)' : ''}`;
}

function ContentBlock({ block }: { block: Block }) {
  if (block.type === 'text' && typeof block.text === 'string') {
    return (
      <pre className="result-text" tabIndex={0}>
        <Revealed text={block.text} />
      </pre>
    );
  }
  if ((block.type === 'image' || block.type === 'audio') && block.data !== undefined) {
    const shown = block.type === 'image' && IMAGE.test(block.mimeType ?? '') && /^[A-Za-z0-9+/=]+$/.test(block.data);
    return (
      <div className="result-media">
        {shown && <img src={`data:${block.mimeType};base64,${block.data}`} alt={`An image the server returned (${block.mimeType})`} />}
        <span className="muted">
          {block.type}: {payload(block.data, block.mimeType)}
        </span>
      </div>
    );
  }
  if (block.type === 'resource_link') {
    return (
      <p className="result-link">
        <Badge tone="info">link</Badge> <code>{block.uri}</code> {block.name && <span className="muted">{block.name}</span>}
      </p>
    );
  }
  const resource = block.type === 'resource' ? block.resource : block.uri !== undefined ? block : undefined;
  if (resource) {
    return (
      <div className="result-resource">
        <p>
          <code>{resource.uri}</code> {resource.mimeType && <span className="muted">{resource.mimeType}</span>}
        </p>
        {typeof resource.text === 'string' ? (
          <pre className="result-text" tabIndex={0}>
            <Revealed text={resource.text} />
          </pre>
        ) : (
          <p className="muted">{payload(resource.blob, resource.mimeType)}</p>
        )}
      </div>
    );
  }
  return <JsonBlock value={block} label="A part of the answer" copy={false} />;
}

/**
 * What a server answered, for reading: a tool's content blocks (text, images, links, resources), a
 * resource's contents, a prompt's messages, a completion's values; anything else as JSON. The raw
 * JSON is always one click away (see the callers).
 */
export function McpResult({ result }: { result: unknown }) {
  if (!isObject(result)) return <JsonBlock value={result} label="The answer" />;
  if (result.truncated === true) {
    return (
      <>
        <p className="section-note">The answer was {Number(result.size).toLocaleString('en-US')} characters long; the record keeps its first 64 KB, below as text.</p>
        <pre className="result-text" tabIndex={0}>
          <Revealed text={String(result.preview ?? '')} />
        </pre>
      </>
    );
  }
  const blocks = (Array.isArray(result.content) ? result.content : Array.isArray(result.contents) ? result.contents : undefined) as Block[] | undefined;
  if (blocks) {
    return (
      <div className="result-blocks">
        {result.isError === true && <p className="result-error-note">The server answered with an error (isError).</p>}
        {blocks.length === 0 && <p className="muted">The answer has no content.</p>}
        {blocks.map((b, i) => (
          <ContentBlock key={i} block={b} />
        ))}
        {result.structuredContent !== undefined && <JsonBlock value={result.structuredContent} label="Structured content" />}
      </div>
    );
  }
  if (Array.isArray(result.messages)) {
    return (
      <div className="result-blocks">
        {typeof result.description === 'string' && <p className="muted">{result.description}</p>}
        {(result.messages as { role?: string; content?: Block }[]).map((m, i) => (
          <div key={i} className="result-message">
            <Badge tone={m.role === 'assistant' ? 'accent' : 'neutral'} icon={false}>
              {m.role ?? 'message'}
            </Badge>
            {m.content && <ContentBlock block={m.content} />}
          </div>
        ))}
      </div>
    );
  }
  const completion = isObject(result.completion) ? result.completion : undefined;
  if (completion && Array.isArray(completion.values)) {
    const values = completion.values as string[];
    return values.length ? (
      <ul className="completion-values" aria-label="Suggested values">
        {values.map((v) => (
          <li key={v}>
            <code>{v}</code>
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">No values suggested.</p>
    );
  }
  return <JsonBlock value={result} label="The answer" />;
}
