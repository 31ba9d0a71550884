import type { TaskState, TaskView } from '../../shared/a2a.js';
import { Badge } from './kit/index.js';
import { paths } from './paths.js';
import { Revealed } from './Revealed.js';
import { hrefOf } from './router.js';
import { TASK_BADGE, timeOf } from './call-labels.js';

/** The states a task went through, from its state events, the same state twice in a row shown once. */
export function statePath(task: TaskView): TaskState[] {
  const path: TaskState[] = [];
  for (const e of task.events) if (e.kind === 'state' && e.state && path.at(-1) !== e.state) path.push(e.state);
  if (path.at(-1) !== task.state) path.push(task.state);
  return path;
}

export const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

/** What the task is called in a list: "task 0f3c9a2e…" or, for a reply without a task, "message". */
export const taskName = (t: Pick<TaskView, 'taskId'>) => (t.taskId ? `task ${shortId(t.taskId)}` : 'message');

/**
 * A2A tasks, most recently active first, each a link to its details with the states it went through,
 * the last thing said, and a link to the call that started it.
 */
export function TaskList({ tasks, label }: { tasks: TaskView[]; label: string }) {
  return (
    <ul className="task-rows" aria-label={label}>
      {tasks.map((t) => (
        <TaskRow key={t.id} task={t} />
      ))}
    </ul>
  );
}

function TaskRow({ task: t }: { task: TaskView }) {
  const badge = TASK_BADGE[t.state];
  const path = statePath(t);
  const last = [...t.events].reverse().find((e) => e.text && e.kind !== 'artifact')?.text;
  return (
    <li className={`task-row state-${t.state}`}>
      <div className="call-line">
        <time className="call-time" dateTime={t.createdAt}>
          {timeOf(t.createdAt)}
        </time>
        <Badge tone={badge.tone} className="call-status">
          {badge.label}
        </Badge>
        <a className="task-link" href={hrefOf(paths.task(t.id))}>
          {taskName(t)} <span className="call-route">of {t.agent}</span>
        </a>
        <span className="call-route">· {t.client}</span>
        {t.toolCall ? (
          <a className="task-call-link" href={hrefOf(paths.call(t.toolCall))}>
            started by call {t.toolCall}
          </a>
        ) : null}
      </div>
      <div className="call-line call-sub">
        <span className="task-path" aria-label={`States: ${path.join(', then ')}`}>
          {path.map((s, i) => (
            <span key={i}>
              {i > 0 && <span aria-hidden="true"> → </span>}
              {s}
            </span>
          ))}
        </span>
        {last && (
          <span className="task-said">
            <Revealed text={last} />
          </span>
        )}
      </div>
    </li>
  );
}
