import type { AgentView } from '../../shared/a2a.js';
import { Revealed } from './Revealed.js';

/**
 * What an approved agent card says, as terms of a <dl>: its name and version (under `label`), the A2A
 * protocol and streaming, and its skills. Every text is the agent's own, so each goes through Revealed.
 */
export function AgentCardFacts({ card, label, skillsClass = 'skills' }: { card: NonNullable<AgentView['card']>; label: string; skillsClass?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <strong>
          <Revealed text={card.name} />
        </strong>{' '}
        {card.version}
        {card.description && (
          <div className="card-description">
            <Revealed text={card.description} />
          </div>
        )}
      </dd>
      <dt>A2A</dt>
      <dd>
        protocol {card.protocolVersion} · streaming {card.streaming ? 'yes' : 'no'}
      </dd>
      <dt>Skills</dt>
      <dd>
        {card.skills.length === 0 ? (
          'none listed'
        ) : (
          <ul className={skillsClass}>
            {card.skills.map((s) => (
              <li key={s.id}>
                <strong>
                  <Revealed text={s.name} />
                </strong>
                {s.description && (
                  <>
                    : <Revealed text={s.description} />
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}
