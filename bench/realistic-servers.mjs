// Hand-written tools modelled on MCP servers people run (GitHub, Atlassian, Slack, Gmail, Kubernetes, Stripe …):
// the tool names those servers use, descriptions in their style, and input schemas with their argument names.
// Written from the servers' published tool lists; paraphrased, trimmed to the commonest tools.
//
// Compact notation: tool(name, description, { arg: 'T[!][ [enum,values]] description' }) where T is
//   S string, I integer, N number, B boolean, O object, A array of strings, AO array of objects; '!' = required.

/** An MCP tool definition from the compact notation. */
export function tool(name, description, args = {}) {
  const properties = {};
  const required = [];
  for (const [arg, spec] of Object.entries(args)) {
    const m = /^(AO|[SINBOA])(!)?(?:\[([^\]]*)\])?\s+(.*)$/s.exec(spec);
    if (!m) throw new Error(`bad argument spec for ${name}.${arg}: ${spec}`);
    const [, type, req, values, text] = m;
    const schema =
      type === 'S' ? { type: 'string' }
      : type === 'I' ? { type: 'integer' }
      : type === 'N' ? { type: 'number' }
      : type === 'B' ? { type: 'boolean' }
      : type === 'O' ? { type: 'object' }
      : type === 'A' ? { type: 'array', items: { type: 'string' } }
      : { type: 'array', items: { type: 'object' } };
    if (values) schema.enum = values.split(',').map((v) => v.trim());
    schema.description = text;
    properties[arg] = schema;
    if (req) required.push(arg);
  }
  return { name, description, inputSchema: { type: 'object', properties, ...(required.length ? { required } : {}) } };
}

const OWNER = 'S! Repository owner (user or organization)';
const REPO = 'S! Repository name';
const PAGE = 'I Page number for pagination (min 1)';
const PER_PAGE = 'I Results per page for pagination (min 1, max 100)';

const github = [
  tool('get_me', 'Get details of the authenticated GitHub user. Use this when a request is about the user\'s own profile for GitHub, or when information is missing to build other tool calls.'),
  tool('search_repositories', 'Find GitHub repositories by name, description, readme, topics, or other metadata. Perfect for discovering projects, finding examples, or locating specific repositories across GitHub.', { query: 'S! Repository search query. Examples: \'machine learning in:name stars:>1000 language:python\', \'topic:react\', \'user:facebook\'', page: PAGE, perPage: PER_PAGE }),
  tool('get_file_contents', 'Get the contents of a file or directory from a GitHub repository', { owner: OWNER, repo: REPO, path: 'S Path to file/directory (directories must end with a slash \'/\')', ref: 'S Accepts optional git refs such as `refs/tags/{tag}`, `refs/heads/{branch}` or `refs/pull/{pr_number}/head`' }),
  tool('create_or_update_file', 'Create or update a single file in a GitHub repository. If updating, you must provide the SHA of the file you want to update.', { owner: OWNER, repo: REPO, path: 'S! Path where to create/update the file', content: 'S! Content of the file', message: 'S! Commit message', branch: 'S! Branch to create/update the file in', sha: 'S Required if updating an existing file. The blob SHA of the file being replaced.' }),
  tool('push_files', 'Push multiple files to a GitHub repository in a single commit', { owner: OWNER, repo: REPO, branch: 'S! Branch to push to', files: 'AO! Array of file objects to push, each object with path (string) and content (string)', message: 'S! Commit message' }),
  tool('delete_file', 'Delete a file from a GitHub repository', { owner: OWNER, repo: REPO, path: 'S! Path to the file to delete', message: 'S! Commit message', branch: 'S! Branch to delete the file from' }),
  tool('create_repository', 'Create a new GitHub repository in your account or specified organization', { name: 'S! Repository name', description: 'S Repository description', private: 'B Whether repo should be private', organization: 'S Organization to create the repository in (omit to create in your personal account)', autoInit: 'B Initialize with README' }),
  tool('fork_repository', 'Fork a GitHub repository to your account or specified organization', { owner: OWNER, repo: REPO, organization: 'S Organization to fork to' }),
  tool('create_branch', 'Create a new branch in a GitHub repository', { owner: OWNER, repo: REPO, branch: 'S! Name for new branch', from_branch: 'S Source branch (defaults to repo default)' }),
  tool('list_branches', 'List branches in a GitHub repository', { owner: OWNER, repo: REPO, page: PAGE, perPage: PER_PAGE }),
  tool('list_commits', 'Get list of commits of a branch in a GitHub repository. Returns at least 30 results per page by default, but can return more if specified using the perPage parameter (up to 100).', { owner: OWNER, repo: REPO, sha: 'S Commit SHA, branch or tag name to list commits of. If not provided, uses the default branch of the repository.', author: 'S Author username or email address to filter commits by', page: PAGE, perPage: PER_PAGE }),
  tool('get_commit', 'Get details for a commit from a GitHub repository', { owner: OWNER, repo: REPO, sha: 'S! Commit SHA, branch name, or tag name', include_diff: 'B Whether to include file diffs and stats in the response. Default is true.' }),
  tool('list_tags', 'List git tags in a GitHub repository', { owner: OWNER, repo: REPO, page: PAGE, perPage: PER_PAGE }),
  tool('list_releases', 'List releases in a GitHub repository', { owner: OWNER, repo: REPO, page: PAGE, perPage: PER_PAGE }),
  tool('get_latest_release', 'Get the latest release in a GitHub repository', { owner: OWNER, repo: REPO }),
  tool('issue_read', 'Get information about a specific issue in a GitHub repository: its details, comments, sub-issues or labels.', { method: 'S![get,get_comments,get_sub_issues,get_labels] The read operation to perform on a single issue.', owner: OWNER, repo: REPO, issue_number: 'I! The number of the issue' }),
  tool('list_issues', 'List issues in a GitHub repository. For pagination, use the \'endCursor\' from the previous response\'s \'pageInfo\' in the \'after\' parameter.', { owner: OWNER, repo: REPO, state: 'S[OPEN,CLOSED] Filter by state, by default both open and closed issues are returned when not provided', labels: 'A Filter by labels', orderBy: 'S[CREATED_AT,UPDATED_AT,COMMENTS] Order issues by field', since: 'S Filter by date (ISO 8601 timestamp)', after: 'S Cursor for pagination' }),
  tool('search_issues', 'Search for issues in GitHub repositories using issues search syntax already scoped to is:issue', { query: 'S! Search query using GitHub issues search syntax', owner: 'S Optional repository owner. If provided with repo, only issues for this repository are listed.', repo: 'S Optional repository name', sort: 'S[comments,reactions,created,updated] Sort field by number of matches of categories, defaults to best match', order: 'S[asc,desc] Sort order', page: PAGE, perPage: PER_PAGE }),
  tool('issue_write', 'Create a new or update an existing issue in a GitHub repository.', { method: 'S![create,update] Write operation to perform on a single issue.', owner: OWNER, repo: REPO, issue_number: 'I Issue number to update', title: 'S Issue title', body: 'S Issue body content', assignees: 'A Usernames to assign to this issue', labels: 'A Labels to apply to this issue', milestone: 'I Milestone number', state: 'S[open,closed] New state', state_reason: 'S[completed,not_planned,duplicate] Reason for the state change' }),
  tool('add_issue_comment', 'Add a comment to a specific issue in a GitHub repository. Use this tool to add comments to pull requests as well (in this case pass pull request number as issue_number), but only if user is not asking specifically to add review comments.', { owner: OWNER, repo: REPO, issue_number: 'I! Issue number to comment on', body: 'S! Comment content' }),
  tool('sub_issue_write', 'Add a sub-issue to a parent issue, remove it, or change its order in a GitHub repository.', { method: 'S![add,remove,reprioritize] The action to perform on a single sub-issue', owner: OWNER, repo: REPO, issue_number: 'I! The number of the parent issue', sub_issue_id: 'I! The ID of the sub-issue' }),
  tool('assign_copilot_to_issue', 'Assign Copilot to a specific issue in a GitHub repository. This tool can help with the following outcomes: a Pull Request created with source code changes to resolve the issue.', { owner: OWNER, repo: REPO, issueNumber: 'I! Issue number' }),
  tool('pull_request_read', 'Get information on a specific pull request in GitHub repository: details, diff, status of its checks, changed files, review comments or reviews.', { method: 'S![get,get_diff,get_status,get_files,get_review_comments,get_reviews,get_comments] Action to specify what pull request data needs to be retrieved from GitHub.', owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number' }),
  tool('list_pull_requests', 'List pull requests in a GitHub repository. If the user specifies an author, then DO NOT use this tool and use the search_pull_requests tool instead.', { owner: OWNER, repo: REPO, state: 'S[open,closed,all] Filter by state', head: 'S Filter by head user/org and branch', base: 'S Filter by base branch', sort: 'S[created,updated,popularity,long-running] Sort by', direction: 'S[asc,desc] Sort direction', page: PAGE, perPage: PER_PAGE }),
  tool('search_pull_requests', 'Search for pull requests in GitHub repositories using issues search syntax already scoped to is:pr', { query: 'S! Search query using GitHub pull request search syntax', owner: 'S Optional repository owner', repo: 'S Optional repository name', sort: 'S[comments,reactions,created,updated] Sort field', order: 'S[asc,desc] Sort order' }),
  tool('create_pull_request', 'Create a new pull request in a GitHub repository.', { owner: OWNER, repo: REPO, title: 'S! PR title', body: 'S PR description', head: 'S! Branch containing changes', base: 'S! Branch to merge into', draft: 'B Create as draft PR', maintainer_can_modify: 'B Allow maintainer edits' }),
  tool('update_pull_request', 'Update an existing pull request in a GitHub repository.', { owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number to update', title: 'S New title', body: 'S New description', state: 'S[open,closed] New state', base: 'S New base branch name', reviewers: 'A GitHub usernames to request reviews from', draft: 'B Mark pull request as draft (true) or ready for review (false)' }),
  tool('merge_pull_request', 'Merge a pull request in a GitHub repository.', { owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number', commit_title: 'S Title for merge commit', commit_message: 'S Extra detail for merge commit', merge_method: 'S[merge,squash,rebase] Merge method' }),
  tool('update_pull_request_branch', 'Update the branch of a pull request with the latest changes from the base branch.', { owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number', expectedHeadSha: 'S The expected SHA of the pull request\'s HEAD ref' }),
  tool('pull_request_review_write', 'Create and/or submit, delete review of a pull request: approve it, request changes or comment.', { method: 'S![create,submit_pending,delete_pending] The write operation to perform on pull request review.', owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number', body: 'S Review comment text', event: 'S[APPROVE,REQUEST_CHANGES,COMMENT] Review action to perform' }),
  tool('request_copilot_review', 'Request a GitHub Copilot code review for a pull request. Use this for automated feedback on pull requests, usually before requesting a human reviewer.', { owner: OWNER, repo: REPO, pullNumber: 'I! Pull request number' }),
  tool('list_workflows', 'List workflows in a repository', { owner: OWNER, repo: REPO, page: PAGE, perPage: PER_PAGE }),
  tool('list_workflow_runs', 'List workflow runs for a specific workflow', { owner: OWNER, repo: REPO, workflow_id: 'S! The workflow ID or workflow file name', branch: 'S Returns workflow runs associated with a branch', status: 'S[queued,in_progress,completed,requested,waiting] Returns workflow runs with the check run status', event: 'S Returns workflow runs for a specific event type' }),
  tool('get_workflow_run', 'Get details of a specific workflow run', { owner: OWNER, repo: REPO, run_id: 'I! The unique identifier of the workflow run' }),
  tool('run_workflow', 'Run an Actions workflow by workflow ID or filename', { owner: OWNER, repo: REPO, workflow_id: 'S! The workflow ID (numeric) or workflow file name (e.g., main.yml, ci.yaml)', ref: 'S! The git reference for the workflow. The reference can be a branch or tag name.', inputs: 'O Inputs the workflow accepts' }),
  tool('rerun_failed_jobs', 'Re-run only the failed jobs in a workflow run', { owner: OWNER, repo: REPO, run_id: 'I! The unique identifier of the workflow run' }),
  tool('cancel_workflow_run', 'Cancel a workflow run', { owner: OWNER, repo: REPO, run_id: 'I! The unique identifier of the workflow run' }),
  tool('get_job_logs', 'Download logs for a specific workflow job or efficiently get all failed job logs for a workflow run', { owner: OWNER, repo: REPO, job_id: 'I The unique identifier of the workflow job (required for single job logs)', run_id: 'I Workflow run ID (required when using failed_only)', failed_only: 'B When true, gets logs for all failed jobs in run_id', tail_lines: 'I Number of lines to return from the end of the log' }),
  tool('list_code_scanning_alerts', 'List code scanning alerts in a GitHub repository.', { owner: 'S! The owner of the repository.', repo: 'S! The name of the repository.', state: 'S[open,closed,dismissed,fixed] Filter code scanning alerts by state. Defaults to open', severity: 'S[critical,high,medium,low,warning,note,error] Filter code scanning alerts by severity', tool_name: 'S The name of the tool used for code scanning.' }),
  tool('list_secret_scanning_alerts', 'List secret scanning alerts in a GitHub repository.', { owner: 'S! The owner of the repository.', repo: 'S! The name of the repository.', state: 'S[open,resolved] Filter by state', secret_type: 'S A comma-separated list of secret types to return.' }),
  tool('list_dependabot_alerts', 'List dependabot alerts in a GitHub repository.', { owner: 'S! The owner of the repository.', repo: 'S! The name of the repository.', state: 'S[open,fixed,dismissed,auto_dismissed] Filter dependabot alerts by state. Defaults to open', severity: 'S[low,medium,high,critical] Filter dependabot alerts by severity' }),
  tool('list_notifications', 'Lists all GitHub notifications for the authenticated user, including unread notifications, mentions, review requests, assignments, and updates on issues or pull requests.', { filter: 'S[default,include_read_notifications,only_participating] Filter notifications to, use default unless specified.', since: 'S Only show notifications updated after the given time (ISO 8601 format)', owner: 'S Optional repository owner', repo: 'S Optional repository name' }),
  tool('mark_all_notifications_read', 'Mark all notifications as read', { lastReadAt: 'S Describes the last point that notifications were checked (optional). Default: Now' }),
  tool('search_code', 'Fast and precise code search across ALL GitHub repositories using GitHub\'s native search engine. Best for finding exact symbols, functions, classes, or specific code patterns.', { query: 'S! Search query using GitHub\'s powerful code search syntax. Examples: \'content:Skill language:Java org:github\', \'repo:github/github-mcp-server path:*.go\'', sort: 'S Sort field (\'indexed\' only)', order: 'S[asc,desc] Sort order for results', page: PAGE, perPage: PER_PAGE }),
  tool('search_users', 'Find GitHub users by username, real name, or other profile information. Useful for locating developers, contributors, or team members.', { query: 'S! User search query. Examples: \'john smith\', \'location:seattle\', \'followers:>100\'', sort: 'S[followers,repositories,joined] Sort users by number of followers or repositories, or when the person joined GitHub.', page: PAGE, perPage: PER_PAGE }),
  tool('create_gist', 'Create a new gist', { description: 'S Description of the gist', filename: 'S! Filename for simple single-file gist creation', content: 'S! Content for simple single-file gist creation', public: 'B Whether the gist is public' }),
  tool('list_discussions', 'List discussions for a repository or organisation.', { owner: 'S! Repository owner', repo: 'S Repository name. If not provided, discussions will be queried at the organisation level.', category: 'S Optional filter by discussion category ID.', orderBy: 'S[CREATED_AT,UPDATED_AT] Order discussions by field.' }),
  tool('star_repository', 'Star a GitHub repository', { owner: OWNER, repo: REPO }),
];

const gitlab = [
  tool('create_or_update_file', 'Create or update a single file in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', file_path: 'S! Path where to create/update the file', content: 'S! Content of the file', commit_message: 'S! Commit message', branch: 'S! Branch to create/update the file in', previous_path: 'S Path of the file to move/rename' }),
  tool('search_repositories', 'Search for GitLab projects', { search: 'S! Search query', page: 'I Page number for pagination (default: 1)', per_page: 'I Number of results per page (default: 20)' }),
  tool('get_file_contents', 'Get the contents of a file or directory from a GitLab project', { project_id: 'S! Project ID or URL-encoded path', file_path: 'S! Path to the file or directory', ref: 'S Branch/tag/commit to get contents from' }),
  tool('push_files', 'Push multiple files to a GitLab project in a single commit', { project_id: 'S! Project ID or URL-encoded path', branch: 'S! Branch to push to', files: 'AO! Array of files to push, each with file_path and content', commit_message: 'S! Commit message' }),
  tool('create_issue', 'Create a new issue in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', title: 'S! Issue title', description: 'S Issue description', assignee_ids: 'A Array of user IDs to assign', labels: 'A Array of label names', milestone_id: 'I Milestone ID to assign' }),
  tool('list_issues', 'List issues in a GitLab project with filtering options', { project_id: 'S! Project ID or URL-encoded path', state: 'S[opened,closed,all] Return issues with a specific state', labels: 'A Array of label names', assignee_username: 'S Return issues assigned to the given username', search: 'S Search issues against their title and description' }),
  tool('update_issue', 'Update an issue in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', issue_iid: 'I! The internal ID of the project issue', title: 'S The title of the issue', description: 'S The description of the issue', state_event: 'S[close,reopen] Update the issue state', labels: 'A Array of label names' }),
  tool('create_merge_request', 'Create a new merge request in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', title: 'S! Merge request title', description: 'S Merge request description', source_branch: 'S! Branch containing changes', target_branch: 'S! Branch to merge into', draft: 'B Create as draft merge request', reviewer_ids: 'A The IDs of the users to review the merge request' }),
  tool('list_merge_requests', 'List merge requests in a GitLab project with filtering options', { project_id: 'S! Project ID or URL-encoded path', state: 'S[opened,closed,locked,merged,all] Return merge requests with a specific state', author_username: 'S Returns merge requests created by the given username', target_branch: 'S Return merge requests with the given target branch' }),
  tool('get_merge_request', 'Get details of a merge request', { project_id: 'S! Project ID or URL-encoded path', merge_request_iid: 'S! The IID of a merge request' }),
  tool('get_merge_request_diffs', 'Get the changes/diffs of a merge request', { project_id: 'S! Project ID or URL-encoded path', merge_request_iid: 'S! The IID of a merge request', view: 'S[inline,parallel] Diff view type' }),
  tool('update_merge_request', 'Update a merge request (Either mergeRequestIid or branchName must be provided)', { project_id: 'S! Project ID or URL-encoded path', merge_request_iid: 'S The IID of a merge request', title: 'S The title of the merge request', description: 'S The description of the merge request', state_event: 'S[close,reopen] New state (close/reopen) for the MR', labels: 'A Labels for the MR' }),
  tool('merge_merge_request', 'Merge a merge request in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', merge_request_iid: 'S! The IID of a merge request', squash: 'B Squash commits into a single commit when merging', should_remove_source_branch: 'B Remove the source branch after merging' }),
  tool('create_note', 'Create a new note (comment) to an issue or merge request', { project_id: 'S! Project ID or URL-encoded path', noteable_type: 'S![issue,merge_request] Type of noteable (issue or merge_request)', noteable_iid: 'I! IID of the issue or merge request', body: 'S! Note content' }),
  tool('create_branch', 'Create a new branch in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', branch: 'S! Name for the new branch', ref: 'S Source branch/commit for new branch' }),
  tool('list_pipelines', 'List pipelines in a GitLab project with filtering options', { project_id: 'S! Project ID or URL-encoded path', status: 'S[created,waiting_for_resource,preparing,pending,running,success,failed,canceled,skipped,manual,scheduled] The status of pipelines', ref: 'S The ref of pipelines', username: 'S The username of the user who triggered pipelines' }),
  tool('get_pipeline', 'Get details of a specific pipeline in a GitLab project', { project_id: 'S! Project ID or URL-encoded path', pipeline_id: 'I! The ID of the pipeline' }),
  tool('list_pipeline_jobs', 'List all jobs in a specific pipeline', { project_id: 'S! Project ID or URL-encoded path', pipeline_id: 'I! The ID of the pipeline', scope: 'S[created,pending,running,failed,success,canceled,skipped,manual] The scope of jobs to show' }),
  tool('get_pipeline_job_output', 'Get the output/trace of a GitLab pipeline job', { project_id: 'S! Project ID or URL-encoded path', job_id: 'I! The ID of the job' }),
  tool('retry_pipeline', 'Retry a failed or canceled pipeline', { project_id: 'S! Project ID or URL-encoded path', pipeline_id: 'I! The ID of the pipeline to retry' }),
  tool('list_projects', 'List projects accessible by the current user', { search: 'S Search term for projects', owned: 'B Limit by projects owned by the current user', membership: 'B Limit by projects that the current user is a member of', order_by: 'S[id,name,path,created_at,updated_at,last_activity_at] Return projects ordered by field' }),
  tool('list_milestones', 'List milestones in a GitLab project with filtering options', { project_id: 'S! Project ID or URL-encoded path', state: 'S[active,closed] Return only active or closed milestones', search: 'S Return only milestones with a title or description matching the provided string' }),
];

const atlassian = [
  tool('jira_get_issue', 'Get details of a specific Jira issue including its Epic links and relationship information.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')', fields: 'S Comma-separated list of fields to return (e.g., \'summary,status,customfield_10010\'). Use \'*all\' for all fields.', expand: 'S Fields to expand. Examples: \'renderedFields\', \'transitions\', \'changelog\'', comment_limit: 'I Maximum number of comments to include (0 or null for no comments)' }),
  tool('jira_search', 'Search Jira issues using JQL (Jira Query Language).', { jql: 'S! JQL query string. Examples: \'project = PROJ AND status = "In Progress"\', \'assignee = currentUser() AND updated >= -7d\'', fields: 'S Comma-separated fields to return in the results', limit: 'I Maximum number of results (1-50)', start_at: 'I Starting index for pagination (0-based)' }),
  tool('jira_get_project_issues', 'Get all issues for a specific Jira project.', { project_key: 'S! The project key', limit: 'I Maximum number of results (1-50)', start_at: 'I Starting index for pagination (0-based)' }),
  tool('jira_create_issue', 'Create a new Jira issue with optional Epic link or parent for subtasks.', { project_key: 'S! The JIRA project key (e.g. \'PROJ\', \'DEV\', \'SUPPORT\'). This is the prefix of issue keys in your project.', summary: 'S! Summary/title of the issue', issue_type: 'S! Issue type (e.g. \'Task\', \'Bug\', \'Story\', \'Epic\', \'Subtask\').', assignee: 'S Assignee\'s user identifier (string): Email, display name, or account ID (e.g., \'user@example.com\', \'John Doe\', \'accountid:...\')', description: 'S Issue description', components: 'S Comma-separated list of component names to assign (e.g., \'Frontend,API\')', additional_fields: 'O Dictionary of additional fields to set. Examples: {"priority": {"name": "High"}}, {"labels": ["frontend", "urgent"]}, {"parent": "PROJ-123"}' }),
  tool('jira_batch_create_issues', 'Create multiple Jira issues in a batch.', { issues: 'S! JSON array of issue objects. Each object should contain project_key, summary, issue_type, and optionally description, assignee, components', validate_only: 'B If true, only validates the issues without creating them' }),
  tool('jira_update_issue', 'Update an existing Jira issue including changing status, adding Epic links, updating fields, etc.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')', fields: 'O! Dictionary of fields to update. For \'assignee\', provide a string identifier (email, name, or accountId). Example: {"assignee": "user@example.com", "summary": "New Summary"}', additional_fields: 'O Optional dictionary of additional fields to update', attachments: 'S Optional JSON string array or comma-separated list of file paths to attach to the issue' }),
  tool('jira_delete_issue', 'Delete an existing Jira issue.', { issue_key: 'S! Jira issue key (e.g. PROJ-123)' }),
  tool('jira_add_comment', 'Add a comment to a Jira issue.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')', comment: 'S! Comment text in Markdown format' }),
  tool('jira_get_transitions', 'Get available status transitions for a Jira issue.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')' }),
  tool('jira_transition_issue', 'Transition a Jira issue to a new status.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')', transition_id: 'S! ID of the transition to perform. Use the jira_get_transitions tool first to get the available transitions for an issue.', fields: 'O Dictionary of fields to update during the transition (e.g., {\'resolution\': {\'name\': \'Fixed\'}})', comment: 'S Comment to add during the transition.' }),
  tool('jira_add_worklog', 'Add a worklog entry to a Jira issue.', { issue_key: 'S! Jira issue key (e.g., \'PROJ-123\')', time_spent: 'S! Time spent in Jira format. Examples: \'1h 30m\', \'1d\', \'30m\', \'4h\'', comment: 'S Optional comment for the worklog in Markdown format', started: 'S Optional start time in ISO format. If not provided, the current time will be used.' }),
  tool('jira_link_to_epic', 'Link an existing issue to an epic.', { issue_key: 'S! The key of the issue to link (e.g., \'PROJ-123\')', epic_key: 'S! The key of the epic to link to (e.g., \'PROJ-456\')' }),
  tool('jira_create_issue_link', 'Create a link between two Jira issues.', { link_type: 'S! The type of link to create (e.g., \'Duplicate\', \'Blocks\', \'Relates to\')', inward_issue_key: 'S! The key of the inward issue (e.g., \'PROJ-123\')', outward_issue_key: 'S! The key of the outward issue (e.g., \'PROJ-456\')', comment: 'S Optional comment to add to the link' }),
  tool('jira_get_agile_boards', 'Get jira agile boards by name, project key, or type.', { board_name: 'S The name of board, support fuzzy search', project_key: 'S Jira project key (e.g., \'PROJ-123\')', board_type: 'S The type of jira board (e.g., \'scrum\', \'kanban\')' }),
  tool('jira_get_sprints_from_board', 'Get jira sprints from board by state.', { board_id: 'S! The id of board (e.g., \'1000\')', state: 'S Sprint state (e.g., \'active\', \'future\', \'closed\')' }),
  tool('jira_get_sprint_issues', 'Get jira issues from sprint.', { sprint_id: 'S! The id of sprint (e.g., \'10001\')', fields: 'S Comma-separated fields to return in the results' }),
  tool('jira_create_sprint', 'Create Jira sprint for a board.', { board_id: 'S! The id of board (e.g., \'1000\')', sprint_name: 'S! Name of the sprint (e.g., \'Sprint 1\')', start_date: 'S! Start time for sprint (ISO 8601 format)', end_date: 'S! End time for sprint (ISO 8601 format)', goal: 'S Goal of the sprint' }),
  tool('jira_get_user_profile', 'Retrieve profile information for a specific Jira user.', { user_identifier: 'S! Identifier for the user (e.g., email address \'user@example.com\', username \'johndoe\', account ID \'accountid:...\')' }),
  tool('confluence_search', 'Search Confluence content using simple terms or CQL.', { query: 'S! Search query - can be either a simple text (e.g. \'project documentation\') or a CQL query string. Examples: \'type=page AND space=DEV\', \'title~"Meeting Notes"\'', limit: 'I Maximum number of results (1-50)', spaces_filter: 'S Comma-separated list of space keys to filter results by.' }),
  tool('confluence_get_page', 'Get content of a specific Confluence page by its ID, or by its title and space key.', { page_id: 'S Confluence page ID (numeric ID, can be found in the page URL).', title: 'S The exact title of the Confluence page. Use this with \'space_key\' if \'page_id\' is not known.', space_key: 'S The key of the Confluence space where the page resides (e.g., \'DEV\', \'TEAM\').', include_metadata: 'B Whether to include page metadata such as creation date, last update, version, and labels.', convert_to_markdown: 'B Whether to convert page to markdown (true) or keep it in raw HTML format (false).' }),
  tool('confluence_get_page_children', 'Get child pages of a specific Confluence page.', { parent_id: 'S! The ID of the parent page whose children you want to retrieve', limit: 'I Maximum number of child pages to return (1-50)' }),
  tool('confluence_create_page', 'Create a new Confluence page.', { space_key: 'S! The key of the space to create the page in (usually a short uppercase code like \'DEV\', \'TEAM\', or \'DOC\')', title: 'S! The title of the page', content: 'S! The content of the page in Markdown format.', parent_id: 'S Optional parent page ID. If provided, this page will be created as a child of the specified page' }),
  tool('confluence_update_page', 'Update an existing Confluence page.', { page_id: 'S! The ID of the page to update', title: 'S! The new title of the page', content: 'S! The new content of the page in Markdown format', version_comment: 'S Optional comment for this version', is_minor_edit: 'B Whether this is a minor edit' }),
  tool('confluence_delete_page', 'Delete an existing Confluence page.', { page_id: 'S! The ID of the page to delete' }),
  tool('confluence_get_comments', 'Get comments for a specific Confluence page.', { page_id: 'S! Confluence page ID (numeric ID, can be parsed from URL, e.g. from \'https://example.atlassian.net/wiki/spaces/TEAM/pages/123456789/Page+Title\' -> \'123456789\')' }),
  tool('confluence_add_comment', 'Add a comment to a Confluence page.', { page_id: 'S! The ID of the page to add a comment to', content: 'S! The comment content in Markdown format' }),
  tool('confluence_add_label', 'Add label to an existing Confluence page.', { page_id: 'S! ID of the page to update', name: 'S! The name of the label' }),
];

const linear = [
  tool('list_issues', 'List issues in the user\'s Linear workspace', { query: 'S Search for content in title or description', team: 'S Team name or ID', state: 'S State name or ID', assignee: 'S User ID, name, email, or "me"', label: 'S Label name or ID', project: 'S Project name or ID', limit: 'I Maximum number of issues to return (max 250)', orderBy: 'S[createdAt,updatedAt] Sort order' }),
  tool('get_issue', 'Retrieve detailed information about an issue by ID, including attachments and git branch name', { id: 'S! Issue ID or identifier, e.g. LIN-123' }),
  tool('create_issue', 'Create a new Linear issue', { title: 'S! Issue title', team: 'S! Team name or ID', description: 'S Content as Markdown', assignee: 'S User ID, name, email, or "me"', priority: 'I 0 = No priority, 1 = Urgent, 2 = High, 3 = Normal, 4 = Low', state: 'S State type, name, or ID', labels: 'A Label names or IDs', project: 'S Project name or ID', parentId: 'S Parent issue ID', dueDate: 'S Due date (ISO format)' }),
  tool('update_issue', 'Update an existing Linear issue', { id: 'S! Issue ID', title: 'S Issue title', description: 'S Content as Markdown', assignee: 'S User ID, name, email, or "me"', priority: 'I 0 = No priority, 1 = Urgent, 2 = High, 3 = Normal, 4 = Low', state: 'S State type, name, or ID', labels: 'A Label names or IDs', cycle: 'S Cycle name, number, or ID', estimate: 'I Issue estimate value' }),
  tool('list_comments', 'List comments for a specific Linear issue', { issueId: 'S! Issue ID' }),
  tool('create_comment', 'Create a comment on a specific Linear issue', { issueId: 'S! Issue ID', body: 'S! Content as Markdown', parentId: 'S Parent comment ID (for replies)' }),
  tool('list_projects', 'List projects in the user\'s Linear workspace', { query: 'S Search for content in project name', team: 'S Team name or ID', state: 'S State name or ID', member: 'S User ID, name, email, or "me"' }),
  tool('get_project', 'Retrieve details of a specific project in Linear', { query: 'S! Project name or ID' }),
  tool('create_project', 'Create a new project in Linear', { name: 'S! Project name', team: 'S! Team name or ID', description: 'S Content as Markdown', lead: 'S User ID, name, email, or "me"', targetDate: 'S Target date (ISO format)' }),
  tool('list_teams', 'List teams in the user\'s Linear workspace', { query: 'S Search query' }),
  tool('list_users', 'Retrieve users in the Linear workspace', { query: 'S Filter by name or email' }),
  tool('list_issue_statuses', 'List available issue statuses in a Linear team', { team: 'S! Team name or ID' }),
  tool('list_cycles', 'Retrieve cycles for a specific Linear team', { teamId: 'S! The team ID', type: 'S[current,previous,next] Retrieve current, previous, next, or all cycles' }),
  tool('search_documentation', 'Search Linear\'s documentation to learn about features and usage', { query: 'S! The search query', page: 'I The page number' }),
];

const slack = [
  tool('slack_list_channels', 'List public or pre-defined channels in the workspace with pagination', { limit: 'I Maximum number of channels to return (default 100, max 200)', cursor: 'S Pagination cursor for next page of results' }),
  tool('slack_post_message', 'Post a new message to a Slack channel or direct message to user', { channel_id: 'S! The ID of the channel or user to post to', text: 'S! The message text to post' }),
  tool('slack_reply_to_thread', 'Reply to a specific message thread in Slack', { channel_id: 'S! The ID of the channel containing the thread', thread_ts: 'S! The timestamp of the parent message in the format \'1234567890.123456\'. Timestamps in the format without the period can be converted by adding the period such that 6 numbers come after it.', text: 'S! The reply text' }),
  tool('slack_add_reaction', 'Add a reaction emoji to a message', { channel_id: 'S! The ID of the channel containing the message', timestamp: 'S! The timestamp of the message to react to', reaction: 'S! The name of the emoji reaction (without ::)' }),
  tool('slack_get_channel_history', 'Get recent messages from a channel', { channel_id: 'S! The ID of the channel', limit: 'I Number of messages to retrieve (default 10)', oldest: 'S Only messages after this Unix timestamp', latest: 'S Only messages before this Unix timestamp' }),
  tool('slack_get_thread_replies', 'Get all replies in a message thread', { channel_id: 'S! The ID of the channel containing the thread', thread_ts: 'S! The timestamp of the parent message in the format \'1234567890.123456\'.' }),
  tool('slack_search_messages', 'Search messages across the workspace with Slack search syntax: in:#channel, from:@user, before:, after:, has:link', { query: 'S! Search query, e.g. \'deploy in:#deploys from:@alice after:2024-05-01\'', count: 'I Number of results per page (default 20)', sort: 'S[score,timestamp] Sort by relevance or date' }),
  tool('slack_get_users', 'Get a list of all users in the workspace with their basic profile information', { cursor: 'S Pagination cursor for next page of results', limit: 'I Maximum number of users to return (default 100, max 200)' }),
  tool('slack_get_user_profile', 'Get detailed profile information for a specific user', { user_id: 'S! The ID of the user' }),
  tool('slack_set_status', 'Set the authenticated user\'s status text, emoji and expiration', { status_text: 'S! Status text, up to 100 characters', status_emoji: 'S Emoji code, e.g. :palm_tree:', expiration: 'I Unix timestamp when the status expires (0 for never)' }),
];

const discord = [
  tool('get_server_info', 'Get detailed discord server information', { guildId: 'S! Discord server (guild) ID' }),
  tool('send_message', 'Send a message to a specific channel', { channelId: 'S! Discord channel ID', message: 'S! Message content' }),
  tool('edit_message', 'Edit a message from a specific channel', { channelId: 'S! Discord channel ID', messageId: 'S! Specific message ID', newMessage: 'S! New message content' }),
  tool('delete_message', 'Delete a message from a specific channel', { channelId: 'S! Discord channel ID', messageId: 'S! Specific message ID' }),
  tool('read_messages', 'Read recent message history from a specific channel', { channelId: 'S! Discord channel ID', count: 'I Number of messages to retrieve (default 100)' }),
  tool('add_reaction', 'Add a reaction (emoji) to a specific message', { channelId: 'S! Discord channel ID', messageId: 'S! Specific message ID', emoji: 'S! Emoji (Unicode or string)' }),
  tool('send_private_message', 'Send a private message to a specific user', { userId: 'S! Discord user ID', message: 'S! Message content' }),
  tool('get_user_id_by_name', 'Get a Discord user\'s ID by username in a guild for ping usage <@id>', { username: 'S! Discord username (optionally username#discriminator)', guildId: 'S Discord server ID' }),
  tool('create_text_channel', 'Create a new text channel', { guildId: 'S! Discord server ID', name: 'S! Discord channel name', categoryId: 'S Discord category ID' }),
  tool('find_channel', 'Find a channel type and ID using name and server ID', { guildId: 'S! Discord server ID', channelName: 'S! Discord channel name' }),
  tool('list_channels', 'List of all channels', { guildId: 'S! Discord server ID' }),
  tool('create_webhook', 'Create a new webhook on a channel', { channelId: 'S! Discord channel ID', name: 'S! Webhook name' }),
];

const gmail = [
  tool('send_email', 'Sends a new email', { to: 'A! List of recipient email addresses', subject: 'S! Email subject', body: 'S! Email body content (used for text/plain or when htmlBody not provided)', htmlBody: 'S HTML version of the email body', cc: 'A List of CC recipients', bcc: 'A List of BCC recipients', threadId: 'S Thread ID to reply to', inReplyTo: 'S Message ID being replied to', attachments: 'A List of file paths to attach to the email' }),
  tool('draft_email', 'Draft a new email', { to: 'A! List of recipient email addresses', subject: 'S! Email subject', body: 'S! Email body content', cc: 'A List of CC recipients', bcc: 'A List of BCC recipients' }),
  tool('read_email', 'Retrieves the content of a specific email', { messageId: 'S! ID of the email message to retrieve' }),
  tool('search_emails', 'Searches for emails using Gmail search syntax', { query: 'S! Gmail search query (e.g., \'from:example@gmail.com\', \'is:unread subject:invoice newer_than:2d\')', maxResults: 'I Maximum number of results to return' }),
  tool('modify_email', 'Modifies email labels (move to different folders)', { messageId: 'S! ID of the email message to modify', labelIds: 'A List of label IDs to apply', addLabelIds: 'A List of label IDs to add to the message', removeLabelIds: 'A List of label IDs to remove from the message' }),
  tool('delete_email', 'Permanently deletes an email', { messageId: 'S! ID of the email message to delete' }),
  tool('list_email_labels', 'Retrieves all available Gmail labels'),
  tool('create_label', 'Creates a new Gmail label', { name: 'S! Name for the new label', messageListVisibility: 'S[show,hide] Whether to show or hide the label in the message list', labelListVisibility: 'S[labelShow,labelShowIfUnread,labelHide] Visibility of the label in the label list' }),
  tool('batch_modify_emails', 'Modifies labels for multiple emails in batches', { messageIds: 'A! List of message IDs to modify', addLabelIds: 'A List of label IDs to add to all messages', removeLabelIds: 'A List of label IDs to remove from all messages', batchSize: 'I Number of messages to process in each batch (default: 50)' }),
  tool('download_attachment', 'Downloads an email attachment to a specified location', { messageId: 'S! ID of the email message containing the attachment', attachmentId: 'S! ID of the attachment to download', savePath: 'S Path where to save the attachment (defaults to current directory)', filename: 'S Filename to save the attachment as' }),
  tool('create_filter', 'Creates a new Gmail filter with custom criteria and actions', { criteria: 'O! Criteria for matching emails: from, to, subject, query, hasAttachment, size', action: 'O! Actions to perform on matching emails: addLabelIds, removeLabelIds, forward' }),
];

const calendar = [
  tool('list-calendars', 'List all available calendars'),
  tool('list-events', 'List events from one or more calendars.', { calendarId: 'S! ID of the calendar(s) to list events from. Use \'primary\' for the main calendar.', timeMin: 'S Start time boundary. Preferred: \'2024-01-01T00:00:00\' (uses timeZone parameter or calendar timezone).', timeMax: 'S End time boundary. Preferred: \'2024-01-01T23:59:59\'.', timeZone: 'S Timezone as IANA Time Zone Database name (e.g., America/Los_Angeles).' }),
  tool('search-events', 'Search for events in a calendar by text query.', { calendarId: 'S! ID of the calendar (use \'primary\' for the main calendar)', query: 'S! Free text search query (searches summary, description, location, attendees, etc.)', timeMin: 'S Start time boundary', timeMax: 'S End time boundary' }),
  tool('get-event', 'Get details of a specific event by ID.', { calendarId: 'S! ID of the calendar (use \'primary\' for the main calendar)', eventId: 'S! ID of the event to retrieve' }),
  tool('create-event', 'Create a new calendar event.', { calendarId: 'S! ID of the calendar (use \'primary\' for the main calendar)', summary: 'S! Title of the event', description: 'S Description/notes for the event', start: 'S! Event start time: \'2024-01-01T10:00:00\'', end: 'S! Event end time: \'2024-01-01T11:00:00\'', timeZone: 'S Timezone as IANA Time Zone Database name', location: 'S Location of the event', attendees: 'AO List of event attendees with email', recurrence: 'A Recurrence rules in RFC5545 format (e.g., ["RRULE:FREQ=WEEKLY;COUNT=5"])', reminders: 'O Reminder settings for the event' }),
  tool('update-event', 'Update an existing calendar event with recurring event modification scope support.', { calendarId: 'S! ID of the calendar', eventId: 'S! ID of the event to update', summary: 'S Updated title of the event', start: 'S Updated start time', end: 'S Updated end time', attendees: 'AO Updated attendee list', modificationScope: 'S[thisAndFollowing,all,thisEventOnly] Scope for recurring event modifications' }),
  tool('delete-event', 'Delete a calendar event.', { calendarId: 'S! ID of the calendar containing the event', eventId: 'S! ID of the event to delete', sendUpdates: 'S[all,externalOnly,none] Whether to send cancellation notifications' }),
  tool('get-freebusy', 'Query free/busy information for calendars. Note: Time range is limited to a maximum of 3 months between timeMin and timeMax.', { calendars: 'AO! List of calendars and/or groups to query for free/busy information', timeMin: 'S! Start of the interval in RFC3339 format', timeMax: 'S! End of the interval in RFC3339 format', timeZone: 'S Timezone for the query' }),
  tool('respond-to-event', 'Respond to a calendar event invitation with Accept, Decline, Maybe (Tentative), or No Response.', { calendarId: 'S! ID of the calendar', eventId: 'S! ID of the event to respond to', response: 'S![accepted,declined,tentative,needsAction] Your response to the event invitation', comment: 'S Optional comment/note to include with your response' }),
];

const gdrive = [
  tool('gdrive_search', 'Search for files in Google Drive', { query: 'S! Search query', pageToken: 'S Token for the next page of results', pageSize: 'I Number of results per page (max 100)' }),
  tool('gdrive_read_file', 'Read contents of a file from Google Drive', { fileId: 'S! ID of the file to read' }),
  tool('gdrive_create_file', 'Create a new file in Google Drive', { name: 'S! Name of the file', content: 'S! Content of the file', mimeType: 'S MIME type of the file', parentFolderId: 'S ID of the parent folder' }),
  tool('gdrive_share_file', 'Share a Google Drive file with a user, group or domain', { fileId: 'S! ID of the file to share', emailAddress: 'S! Email address to share with', role: 'S![reader,commenter,writer,owner] Permission role to grant', sendNotification: 'B Whether to send a notification email' }),
  tool('gsheets_read', 'Read data from a Google Spreadsheet with flexible options for ranges and formatting', { spreadsheetId: 'S! The ID of the spreadsheet to read', ranges: 'A Optional array of A1 notation ranges like [\'Sheet1!A1:B10\']. If not provided, reads entire sheet.', sheetId: 'I Optional specific sheet ID to read. If not provided with ranges, reads first sheet.' }),
  tool('gsheets_update_cell', 'Update a cell value in a Google Spreadsheet', { fileId: 'S! ID of the spreadsheet', range: 'S! Cell range in A1 notation (e.g. \'Sheet1!A1\')', value: 'S! New cell value' }),
  tool('gsheets_append_rows', 'Append rows of values after the last row of a table in a Google Spreadsheet', { spreadsheetId: 'S! ID of the spreadsheet', range: 'S! A1 notation of the table to append to (e.g. \'Sheet1!A:D\')', values: 'AO! Rows to append, each an array of cell values' }),
  tool('gdocs_create_document', 'Create a new Google Docs document with a title and optional initial text', { title: 'S! Title of the document', text: 'S Initial text content' }),
];

const notion = [
  tool('notion-search', 'Perform a search over your Notion workspace and connected sources (Slack, Google Drive, GitHub, Jira …). Returns pages and databases whose title or content match.', { query: 'S! Semantic search query over your entire Notion workspace and connected sources', query_type: 'S[internal,user] Type of search: content search or user search', filters: 'O Optional filters such as created_date_range or created_by_user_ids' }),
  tool('notion-fetch', 'Retrieves details about a Notion entity (page or database) by URL or ID, with its content in Notion-flavored Markdown.', { id: 'S! The ID or URL of the Notion page or database to fetch' }),
  tool('notion-create-pages', 'Creates one or more Notion pages with the specified properties and content. Pages are created under a parent page or as rows of a database.', { pages: 'AO! The pages to create, each with properties (title …) and content in Notion-flavored Markdown', parent: 'O The parent under which the new pages will be created: page_id or database_id' }),
  tool('notion-update-page', 'Update a Notion page\'s properties or content: replace all content, replace a range of content, or insert content after a given point.', { page_id: 'S! The ID of the page to update', command: 'S![update_properties,replace_content,replace_content_range,insert_content_after] The update operation', properties: 'O Properties to set', new_str: 'S The new content in Notion-flavored Markdown' }),
  tool('notion-move-pages', 'Move one or more Notion pages or databases to a new parent.', { page_or_database_ids: 'A! IDs of the pages or databases to move', new_parent: 'O! The new parent: page_id, database_id or workspace' }),
  tool('notion-duplicate-page', 'Duplicate a Notion page. The duplication completes asynchronously.', { page_id: 'S! The ID of the page to duplicate' }),
  tool('notion-create-database', 'Creates a new Notion database with the specified properties schema.', { properties: 'O! Property schema of the new database: names and types (title, select, date, people …)', title: 'AO The title of the new database as rich text', parent: 'O The parent page of the database' }),
  tool('notion-update-database', 'Update a Notion database\'s properties schema, title or description.', { database_id: 'S! The ID of the database to update', title: 'AO New title', properties: 'O Property schema changes' }),
  tool('notion-create-comment', 'Add a comment to a Notion page.', { parent: 'O! The page to comment on: page_id', rich_text: 'AO! The comment as an array of rich text objects' }),
  tool('notion-get-comments', 'Get all comments of a Notion page, including discussions on blocks.', { page_id: 'S! Identifier for a Notion page' }),
  tool('notion-get-users', 'List all users in the Notion workspace with their details.', { query: 'S Filter users by name or email', page_size: 'I Number of users per page (max 100)' }),
];

const filesystem = [
  tool('read_text_file', 'Read the complete contents of a file from the file system as text. Handles various text encodings and provides detailed error messages if the file cannot be read. Use the \'head\' parameter to read only the first N lines of a file, or the \'tail\' parameter to read only the last N lines. Only works within allowed directories.', { path: 'S! Path of the file', tail: 'N If provided, returns only the last N lines of the file', head: 'N If provided, returns only the first N lines of the file' }),
  tool('read_media_file', 'Read an image or audio file. Returns the base64 encoded data and MIME type. Only works within allowed directories.', { path: 'S! Path of the media file' }),
  tool('read_multiple_files', 'Read the contents of multiple files simultaneously. This is more efficient than reading files one by one when you need to analyze or compare multiple files. Each file\'s content is returned with its path as a reference. Failed reads for individual files won\'t stop the entire operation. Only works within allowed directories.', { paths: 'A! Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.' }),
  tool('write_file', 'Create a new file or completely overwrite an existing file with new content. Use with caution as it will overwrite existing files without warning. Handles text content with proper encoding. Only works within allowed directories.', { path: 'S! Path of the file', content: 'S! Content to write' }),
  tool('edit_file', 'Make line-based edits to a text file. Each edit replaces exact line sequences with new content. Returns a git-style diff showing the changes made. Only works within allowed directories.', { path: 'S! Path of the file', edits: 'AO! Edits, each with oldText (text to search for, must match exactly) and newText (text to replace with)', dryRun: 'B Preview changes using git-style diff format' }),
  tool('create_directory', 'Create a new directory or ensure a directory exists. Can create multiple nested directories in one operation. If the directory already exists, this operation will succeed silently. Only works within allowed directories.', { path: 'S! Path of the directory' }),
  tool('list_directory', 'Get a detailed listing of all files and directories in a specified path. Results clearly distinguish between files and directories with [FILE] and [DIR] prefixes. Only works within allowed directories.', { path: 'S! Path of the directory' }),
  tool('list_directory_with_sizes', 'Get a detailed listing of all files and directories in a specified path, including sizes. Useful for understanding directory structure and finding specific files within a directory. Only works within allowed directories.', { path: 'S! Path of the directory', sortBy: 'S[name,size] Sort entries by name or size' }),
  tool('directory_tree', 'Get a recursive tree view of files and directories as a JSON structure. Each entry includes \'name\', \'type\' (file/directory), and \'children\' for directories. Only works within allowed directories.', { path: 'S! Path of the root directory', excludePatterns: 'A Glob patterns to exclude' }),
  tool('move_file', 'Move or rename files and directories. Can move files between directories and rename them in a single operation. If the destination exists, the operation will fail. Only works within allowed directories.', { source: 'S! Source path', destination: 'S! Destination path' }),
  tool('search_files', 'Recursively search for files and directories matching a pattern. The patterns should be glob-style patterns that match paths relative to the working directory. Returns full paths to all matching items. Only searches within allowed directories.', { path: 'S! Directory to search from', pattern: 'S! Glob pattern, e.g. *.ts or **/*.test.js', excludePatterns: 'A Glob patterns to exclude' }),
  tool('get_file_info', 'Retrieve detailed metadata about a file or directory. Returns comprehensive information including size, creation time, last modified time, permissions, and type. Only works within allowed directories.', { path: 'S! Path of the file or directory' }),
  tool('list_allowed_directories', 'Returns the list of directories that this server is allowed to access. Use this to understand which directories are available before trying to access files.'),
];

const REPO_PATH = 'S! Path to the git repository';
const git = [
  tool('git_status', 'Shows the working tree status', { repo_path: REPO_PATH }),
  tool('git_diff_unstaged', 'Shows changes in the working directory that are not yet staged', { repo_path: REPO_PATH, context_lines: 'I Number of context lines (default 3)' }),
  tool('git_diff_staged', 'Shows changes that are staged for commit', { repo_path: REPO_PATH, context_lines: 'I Number of context lines (default 3)' }),
  tool('git_diff', 'Shows differences between branches or commits', { repo_path: REPO_PATH, target: 'S! Branch or commit to compare with', context_lines: 'I Number of context lines (default 3)' }),
  tool('git_commit', 'Records changes to the repository', { repo_path: REPO_PATH, message: 'S! Commit message' }),
  tool('git_add', 'Adds file contents to the staging area', { repo_path: REPO_PATH, files: 'A! Files to stage' }),
  tool('git_reset', 'Unstages all staged changes', { repo_path: REPO_PATH }),
  tool('git_log', 'Shows the commit logs', { repo_path: REPO_PATH, max_count: 'I Maximum number of commits to show (default 10)', start_timestamp: 'S Start timestamp for filtering commits: ISO 8601, relative dates (\'2 weeks ago\', \'yesterday\') or absolute dates', end_timestamp: 'S End timestamp for filtering commits' }),
  tool('git_create_branch', 'Creates a new branch from an optional base branch', { repo_path: REPO_PATH, branch_name: 'S! Name of the new branch', base_branch: 'S Starting point of the new branch' }),
  tool('git_checkout', 'Switches branches', { repo_path: REPO_PATH, branch_name: 'S! Branch to switch to' }),
  tool('git_show', 'Shows the contents of a commit', { repo_path: REPO_PATH, revision: 'S! Commit hash, branch or tag' }),
  tool('git_branch', 'List Git branches', { repo_path: REPO_PATH, branch_type: 'S![local,remote,all] Whether to list local branches (\'local\'), remote branches (\'remote\') or all branches (\'all\')', contains: 'S The commit sha that branch should contain' }),
];

const postgres = [
  tool('list_schemas', 'List all schemas in the database'),
  tool('list_objects', 'List objects in a schema: tables, views, sequences or extensions', { schema_name: 'S! Schema name', object_type: 'S[table,view,sequence,extension] Object type' }),
  tool('get_object_details', 'Show detailed information about a database object: columns, constraints and indexes of a table', { schema_name: 'S! Schema name', object_name: 'S! Object name', object_type: 'S[table,view,sequence,extension] Object type' }),
  tool('execute_sql', 'Execute any SQL query against the PostgreSQL database (read-only in restricted mode)', { sql: 'S! SQL to run' }),
  tool('explain_query', 'Explains the execution plan for a SQL query, showing how the database will execute it and provides detailed cost estimates.', { sql: 'S! SQL query to explain', analyze: 'B When true, actually runs the query to show real execution statistics instead of estimates', hypothetical_indexes: 'AO A list of hypothetical indexes to simulate' }),
  tool('analyze_workload_indexes', 'Analyze frequently executed queries in the database and recommend optimal indexes', { max_index_size_mb: 'I Max index size in MB', method: 'S[dta,llm] Method to use for analysis' }),
  tool('analyze_query_indexes', 'Analyze a list of (up to 10) SQL queries and recommend optimal indexes', { queries: 'A! List of Query strings to analyze', max_index_size_mb: 'I Max index size in MB' }),
  tool('analyze_db_health', 'Analyzes database health: index health, connection health, buffer cache hit rate, vacuum health, sequence limits, replication lag and constraint validation.', { health_type: 'S Comma-separated list of health check types to perform: index, connection, vacuum, sequence, replication, buffer, constraint, all' }),
  tool('get_top_queries', 'Reports the slowest or most resource-intensive queries using data from the \'pg_stat_statements\' extension.', { sort_by: 'S[total_time,mean_time,resources] Ranking criteria', limit: 'I Number of queries to return' }),
];

const sqlite = [
  tool('read_query', 'Execute a SELECT query on the SQLite database', { query: 'S! SELECT SQL query to execute' }),
  tool('write_query', 'Execute an INSERT, UPDATE, or DELETE query on the SQLite database', { query: 'S! SQL query to execute' }),
  tool('create_table', 'Create a new table in the SQLite database', { query: 'S! CREATE TABLE SQL statement' }),
  tool('list_tables', 'List all tables in the SQLite database'),
  tool('describe_table', 'Get the schema information for a specific table', { table_name: 'S! Name of the table to describe' }),
  tool('append_insight', 'Add a business insight to the memo', { insight: 'S! Business insight discovered from data analysis' }),
];

const redis = [
  tool('get', 'Get a Redis string value.', { key: 'S! The key to retrieve' }),
  tool('set', 'Set a Redis string value with an optional expiration time.', { key: 'S! Redis key', value: 'S! Value to store', expiration: 'I Expiration time in seconds (optional)' }),
  tool('delete', 'Delete a Redis key.', { key: 'S! The key to delete' }),
  tool('expire', 'Set an expiration time for a Redis key.', { name: 'S! The Redis key', expire_seconds: 'I! Time in seconds after which the key should expire' }),
  tool('scan_keys', 'Scan keys in the Redis database using the SCAN command (non-blocking, production-safe).', { pattern: 'S Pattern to match keys against (default is \'*\')', count: 'I Hint for the number of keys to return per SCAN call', cursor: 'I The cursor position to start scanning from' }),
  tool('type', 'Returns the string representation of the type of the value stored at key', { key: 'S! The key to check' }),
  tool('hset', 'Set a field in a hash stored at key with an optional expiration time.', { name: 'S! The Redis hash key', key: 'S! The field name inside the hash', value: 'S! The value to set', expire_seconds: 'I Expiration time in seconds' }),
  tool('hgetall', 'Get all fields and values from a Redis hash.', { name: 'S! The Redis hash key' }),
  tool('lpush', 'Push a value onto the left of a Redis list and optionally set an expiration time.', { name: 'S! The Redis list key', value: 'S! The value to push', expire: 'I Expiration time in seconds' }),
  tool('lrange', 'Get elements from a Redis list within a specific range.', { name: 'S! The Redis list key', start: 'I! Start index', stop: 'I! Stop index' }),
  tool('publish', 'Publish a message to a Redis channel.', { channel: 'S! The Redis channel to publish to', message: 'S! The message to send' }),
  tool('info', 'Get Redis server information and statistics: memory, clients, persistence, replication, keyspace.', { section: 'S The section of the info command (default, memory, cpu, etc.)' }),
  tool('dbsize', 'Get the number of keys stored in the Redis database'),
  tool('client_list', 'Get a list of connected clients to the Redis server.'),
];

const s3 = [
  tool('list_buckets', 'List the S3 buckets in the AWS account, with their creation dates and regions', { prefix: 'S Only buckets whose name starts with this prefix' }),
  tool('list_objects', 'List objects in an S3 bucket, optionally under a prefix (folder)', { bucket: 'S! Name of the S3 bucket', prefix: 'S Key prefix to list under, e.g. \'logs/2024/\'', max_keys: 'I Maximum number of keys to return (default 1000)', continuation_token: 'S Token from a previous listing' }),
  tool('get_object', 'Download an object from S3 and return its content (text, or base64 for binary data)', { bucket: 'S! Name of the S3 bucket', key: 'S! Object key', version_id: 'S Specific version of the object' }),
  tool('put_object', 'Upload content to S3 as an object', { bucket: 'S! Name of the S3 bucket', key: 'S! Object key', body: 'S! Content to upload (text, or base64 with encoding=base64)', content_type: 'S MIME type of the object', encoding: 'S[utf8,base64] How body is encoded' }),
  tool('delete_object', 'Delete an object from an S3 bucket', { bucket: 'S! Name of the S3 bucket', key: 'S! Object key' }),
  tool('copy_object', 'Copy an object within S3, between keys or buckets', { source_bucket: 'S! Source bucket', source_key: 'S! Source key', dest_bucket: 'S! Destination bucket', dest_key: 'S! Destination key' }),
  tool('create_bucket', 'Create a new S3 bucket', { bucket: 'S! Name of the new bucket (globally unique)', region: 'S AWS region, e.g. eu-west-1' }),
  tool('generate_presigned_url', 'Generate a presigned URL that grants temporary access to download or upload an S3 object without credentials', { bucket: 'S! Name of the S3 bucket', key: 'S! Object key', operation: 'S[get_object,put_object] The operation the URL allows', expires_in: 'I Seconds until the URL expires (default 3600)' }),
];

const NS = 'S Kubernetes namespace (default: default)';
const kubernetes = [
  tool('kubectl_get', 'Get or list Kubernetes resources by resource type, name, and optionally namespace', { resourceType: 'S! Type of resource to get (e.g., pods, deployments, services, configmaps, events, etc.)', name: 'S Name of the resource (optional - if not provided, lists all resources of the specified type)', namespace: NS, output: 'S[json,yaml,wide,name,custom] Output format', allNamespaces: 'B If true, list resources across all namespaces', labelSelector: 'S Filter resources by label selector (e.g. \'app=nginx\')' }),
  tool('kubectl_describe', 'Describe Kubernetes resources by resource type, name, and optionally namespace', { resourceType: 'S! Type of resource to describe (e.g., pods, deployments, services, etc.)', name: 'S! Name of the resource to describe', namespace: NS }),
  tool('kubectl_apply', 'Apply a Kubernetes YAML manifest from a string or file', { manifest: 'S YAML manifest to apply', filename: 'S Path to a YAML file to apply (optional - use either manifest or filename)', namespace: NS, dryRun: 'B If true, only validate the resource, don\'t apply it' }),
  tool('kubectl_delete', 'Delete Kubernetes resources by resource type, name, labels, or from a manifest file', { resourceType: 'S Type of resource to delete (e.g., pods, deployments, services, etc.)', name: 'S Name of the resource to delete', namespace: NS, labelSelector: 'S Delete resources matching this label selector', force: 'B If true, immediately remove resources from API and bypass graceful deletion' }),
  tool('kubectl_create', 'Create Kubernetes resources using various methods (from file or using subcommands)', { resourceType: 'S Type of resource to create (namespace, configmap, deployment, service, etc.)', name: 'S Name of the resource to create', namespace: NS, manifest: 'S YAML manifest to create resources from', image: 'S Container image for deployment or job' }),
  tool('kubectl_logs', 'Get logs from Kubernetes resources like pods, deployments, or jobs', { resourceType: 'S![pod,deployment,job,cronjob] Type of resource to get logs from', name: 'S! Name of the resource', namespace: 'S! Namespace of the resource', container: 'S Container name (required when pod has multiple containers)', tail: 'I Number of lines to show from end of logs', since: 'S Show logs since relative time (e.g. \'5s\', \'2m\', \'3h\')', previous: 'B Include logs from previously terminated containers' }),
  tool('kubectl_scale', 'Scale a Kubernetes deployment', { name: 'S! Name of the deployment to scale', namespace: NS, replicas: 'I! Number of replicas to scale to', resourceType: 'S Resource type to scale (deployment, replicaset, statefulset)' }),
  tool('kubectl_patch', 'Update field(s) of a resource using strategic merge patch, JSON merge patch, or JSON patch', { resourceType: 'S! Type of resource to patch (e.g., pods, deployments, services)', name: 'S! Name of the resource to patch', namespace: NS, patchType: 'S[strategic,merge,json] Type of patch to apply', patchData: 'O Patch data as a JSON object' }),
  tool('kubectl_rollout', 'Manage the rollout of a resource (e.g., deployment, daemonset, statefulset): status, history, pause, resume, undo, restart', { subCommand: 'S![history,pause,restart,resume,status,undo] Rollout subcommand to execute', resourceType: 'S![deployment,daemonset,statefulset] Type of resource to manage rollout for', name: 'S! Name of the resource', namespace: NS, toRevision: 'I Revision to roll back to (for undo subcommand)' }),
  tool('kubectl_context', 'Manage Kubernetes contexts - list, get, or set the current context', { operation: 'S![list,get,set] Operation to perform: list contexts, get current context, or set current context', name: 'S Name of the context to set as current (required for set operation)' }),
  tool('explain_resource', 'Get documentation for a Kubernetes resource or field', { resource: 'S! Resource name or field path (e.g. \'pods\' or \'pods.spec.containers\')', recursive: 'B Print the fields of fields recursively' }),
  tool('install_helm_chart', 'Install a Helm chart', { name: 'S! Release name', chart: 'S! Chart name', repo: 'S! Chart repository URL', namespace: 'S! Kubernetes namespace', values: 'O Chart values' }),
  tool('upgrade_helm_chart', 'Upgrade a Helm release', { name: 'S! Release name', chart: 'S! Chart name', repo: 'S! Chart repository URL', namespace: 'S! Kubernetes namespace', values: 'O Chart values' }),
  tool('port_forward', 'Forward a local port to a port on a Kubernetes resource', { resourceType: 'S! Type of resource (pod, service)', resourceName: 'S! Name of the resource', localPort: 'I! Local port', targetPort: 'I! Target port on the resource', namespace: NS }),
  tool('exec_in_pod', 'Execute a command in a Kubernetes pod or container and return the output', { name: 'S! Name of the pod to execute the command in', namespace: NS, command: 'A! Command to execute, as an array of strings', container: 'S Container name (required when pod has multiple containers)' }),
  tool('node_management', 'Manage Kubernetes nodes with cordon, drain, and uncordon operations', { operation: 'S![cordon,drain,uncordon] Node operation to perform', nodeName: 'S! Name of the node to operate on', force: 'B Force the operation even if there are pods not managed by a ReplicationController' }),
];

const docker = [
  tool('list_containers', 'List all Docker containers', { all: 'B Show all containers (default shows just running)', filters: 'O Filter containers, e.g. {"label": ["app=web"], "status": ["exited"]}' }),
  tool('create_container', 'Create a new Docker container', { image: 'S! Docker image name', name: 'S Container name', command: 'S Command to run in the container', environment: 'O Environment variables dictionary', ports: 'O A map whose keys are the container port, and the values are the host port(s) to bind to', volumes: 'O Volumes to mount, host path to container path' }),
  tool('run_container', 'Run an image in a new Docker container (preferred over `create_container` + `start_container`)', { image: 'S! Docker image name', name: 'S Container name', command: 'S Command to run in the container', environment: 'O Environment variables dictionary', ports: 'O A map of container port to host port', detach: 'B Run the container in the background' }),
  tool('start_container', 'Start a Docker container', { container_id: 'S! Container ID or name' }),
  tool('stop_container', 'Stop a Docker container', { container_id: 'S! Container ID or name' }),
  tool('remove_container', 'Remove a Docker container', { container_id: 'S! Container ID or name', force: 'B Force remove the container' }),
  tool('fetch_container_logs', 'Fetch logs for a Docker container', { container_id: 'S! Container ID or name', tail: 'I Number of lines to show from the end of the logs (default 100)' }),
  tool('list_images', 'List Docker images', { name: 'S Filter images by repository name, if desired', all: 'B Show all images (default hides intermediate images)' }),
  tool('pull_image', 'Pull a Docker image', { repository: 'S! Image repository', tag: 'S Image tag' }),
  tool('push_image', 'Push a Docker image', { repository: 'S! Image repository', tag: 'S Image tag' }),
  tool('build_image', 'Build a Docker image from a Dockerfile', { path: 'S! Path to build context', tag: 'S! Image tag', dockerfile: 'S Path to Dockerfile' }),
  tool('remove_image', 'Remove a Docker image', { image: 'S! Image ID or name', force: 'B Force remove the image' }),
  tool('list_networks', 'List Docker networks', { filters: 'O Filter networks' }),
  tool('create_network', 'Create a Docker network', { name: 'S! Network name', driver: 'S Network driver', internal: 'B Create an internal network' }),
  tool('list_volumes', 'List Docker volumes'),
  tool('create_volume', 'Create a Docker volume', { name: 'S! Volume name', driver: 'S Driver name', labels: 'O Volume labels' }),
];

const sentry = [
  tool('find_organizations', 'Find organizations that the user has access to in Sentry. Use this tool when you need to view all organizations in Sentry or find an organization\'s slug.'),
  tool('find_projects', 'Find projects in Sentry. Use this tool when you need to view all projects in a Sentry organization or find a project\'s slug.', { organizationSlug: 'S! The organization\'s slug. You can find a list of existing organizations you have access to using the `find_organizations()` tool.' }),
  tool('search_issues', 'Search for grouped issues/problems in Sentry - returns a LIST of issues, NOT counts or aggregations. Uses AI to translate natural language queries into Sentry issue search syntax.', { organizationSlug: 'S! The organization\'s slug', naturalLanguageQuery: 'S! Natural language description of issues to search for, e.g. \'critical bugs from last week\', \'unhandled errors affecting 100+ users\'', projectSlugOrId: 'S The project\'s slug or numeric ID', limit: 'N Maximum number of issues to return' }),
  tool('get_issue_details', 'Get detailed information about a specific Sentry issue by ID, with the latest event\'s stacktrace. Use this tool when you need to investigate a specific issue or view the stacktrace of an error.', { organizationSlug: 'S The organization\'s slug', issueId: 'S The Issue ID. e.g. `PROJECT-1Z43`', issueUrl: 'S The URL of the issue. e.g. https://my-organization.sentry.io/issues/PROJECT-1Z43' }),
  tool('search_events', 'Search for events AND perform counts/aggregations - the ONLY tool for statistics and counts. Supports errors, logs and spans. Uses natural language.', { organizationSlug: 'S! The organization\'s slug', naturalLanguageQuery: 'S! Natural language description of what you want to search for, e.g. \'how many errors today\', \'slowest API calls in the last hour\'', projectSlug: 'S Filter by project slug', limit: 'N Maximum number of results' }),
  tool('update_issue', 'Update an issue\'s status or assignment in Sentry. This allows you to resolve, ignore, or reassign issues.', { organizationSlug: 'S The organization\'s slug', issueId: 'S The Issue ID. e.g. `PROJECT-1Z43`', status: 'S[resolved,resolvedInNextRelease,unresolved,ignored] The new status for the issue', assignedTo: 'S The assignee in format \'user:ID\' or \'team:ID\'' }),
  tool('find_releases', 'Find releases in Sentry. Use this tool when you need to find recent releases in a Sentry organization, or determine if a release is deployed.', { organizationSlug: 'S! The organization\'s slug', projectSlug: 'S The project\'s slug', query: 'S Search for versions which contain the provided string' }),
  tool('analyze_issue_with_seer', 'Use Seer to analyze production errors and get detailed root cause analysis with specific code fixes.', { organizationSlug: 'S The organization\'s slug', issueId: 'S The Issue ID', issueUrl: 'S The URL of the issue', instruction: 'S Optional custom instruction for the root cause analysis' }),
  tool('get_trace_details', 'Get a high-level overview of a trace from Sentry: statistics, span operations breakdown and a sample of the spans.', { organizationSlug: 'S! The organization\'s slug', traceId: 'S! The trace ID. e.g. `a4d1aae7216b47ff8117cf4e09ce9d0a`' }),
  tool('create_dsn', 'Create an additional DSN for an EXISTING project.', { organizationSlug: 'S! The organization\'s slug', projectSlug: 'S! The project\'s slug', name: 'S! The name of the DSN to create, for example \'Production\'' }),
];

const datadog = [
  tool('get_monitors', 'Fetch the status of Datadog monitors', { groupStates: 'A States to filter (e.g., alert, warn, no data, ok)', name: 'S Filter by name', tags: 'A Tags to filter by' }),
  tool('mute_monitor', 'Mute a Datadog monitor so it stops notifying, optionally until an end time', { monitorId: 'I! ID of the monitor', end: 'I POSIX timestamp for when the mute should end', scope: 'S Scope to mute, e.g. role:db' }),
  tool('list_incidents', 'Retrieve a list of incidents from Datadog', { pageSize: 'I Maximum number of incidents to return per page', pageOffset: 'I Offset for pagination' }),
  tool('get_incident', 'Retrieve detailed information about a specific Datadog incident', { incidentId: 'S! Incident ID to fetch details for' }),
  tool('list_dashboards', 'Get a list of dashboards from Datadog', { name: 'S Filter dashboards by name', tags: 'A Filter dashboards by tags' }),
  tool('get_dashboard', 'Retrieve a specific dashboard from Datadog', { dashboardId: 'S! ID of the dashboard to fetch' }),
  tool('query_metrics', 'Retrieve metrics data (timeseries) from Datadog', { query: 'S! Datadog metric query, e.g. avg:system.cpu.user{service:web} by {host}', from: 'I! Start of the queried time period (seconds since the Unix epoch)', to: 'I! End of the queried time period (seconds since the Unix epoch)' }),
  tool('list_traces', 'Retrieve a list of APM traces from Datadog', { query: 'S! Datadog APM trace query string', from: 'I! Start time in epoch seconds', to: 'I! End time in epoch seconds', limit: 'I Maximum number of traces to return', service: 'S Filter by service name', operation: 'S Filter by operation name' }),
  tool('get_logs', 'Search and retrieve logs from Datadog', { query: 'S Datadog logs query string, e.g. service:checkout status:error', from: 'I! Start time in epoch seconds', to: 'I! End time in epoch seconds', limit: 'I Maximum number of logs to return. Defaults to 100.' }),
  tool('list_hosts', 'Get list of hosts from Datadog', { filter: 'S Filter string for search results', sort_field: 'S Field to sort hosts by', include_muted_hosts_data: 'B Include info on muted hosts' }),
  tool('mute_host', 'Mute a host in Datadog', { hostname: 'S! The name of the host to mute', message: 'S Message to associate with the muting of this host', end: 'I POSIX timestamp for when the mute should end' }),
  tool('schedule_downtime', 'Schedule a downtime in Datadog', { scope: 'S! Scope to apply downtime to (e.g. \'host:my-host\')', start: 'I UNIX timestamp for the start of the downtime', end: 'I UNIX timestamp for the end of the downtime', message: 'S A message to include with the downtime' }),
  tool('list_downtimes', 'List scheduled downtimes from Datadog', { currentOnly: 'B Return only currently active downtimes when true' }),
  tool('get_rum_events', 'Search and retrieve RUM (real user monitoring) events from Datadog: page views, errors, actions of your web and mobile users', { query: 'S Datadog RUM query string', from: 'I! Start time in epoch seconds', to: 'I! End time in epoch seconds', limit: 'I Maximum number of events to return' }),
];

const pagerduty = [
  tool('list_incidents', 'List PagerDuty incidents, filtered by status, urgency, service or time range', { statuses: 'A Incident statuses to include: triggered, acknowledged, resolved', urgencies: 'A urgencies: high, low', service_ids: 'A Only incidents of these services', since: 'S Start of the date range (ISO 8601)', until: 'S End of the date range (ISO 8601)' }),
  tool('get_incident', 'Get a PagerDuty incident by ID', { incident_id: 'S! The ID of the incident' }),
  tool('create_incident', 'Create (trigger) a new PagerDuty incident on a service', { title: 'S! A succinct description of the nature, symptoms, cause, or effect of the incident', service_id: 'S! The service the incident belongs to', urgency: 'S[high,low] The urgency of the incident', body: 'S Additional incident details', escalation_policy_id: 'S Escalation policy to use instead of the service\'s' }),
  tool('manage_incidents', 'Acknowledge, resolve, reassign or change the urgency of one or more PagerDuty incidents', { incident_ids: 'A! IDs of the incidents to update', status: 'S[acknowledged,resolved] New status', urgency: 'S[high,low] New urgency', escalation_level: 'I Escalate to this level', assignement: 'O Reassign to user_id or escalation_policy_id' }),
  tool('add_note_to_incident', 'Add a note to a PagerDuty incident', { incident_id: 'S! The ID of the incident', note: 'S! The note content' }),
  tool('list_oncalls', 'List the on-call entries: who is on call for which schedules and escalation policies, now or in a time range', { schedule_ids: 'A Filter by schedules', escalation_policy_ids: 'A Filter by escalation policies', user_ids: 'A Filter by users', since: 'S Start of the time range', until: 'S End of the time range', earliest: 'B Only the earliest on-call for each combination' }),
  tool('list_schedules', 'List on-call schedules in PagerDuty', { query: 'S Filter schedules by name' }),
  tool('get_schedule', 'Get an on-call schedule with its rendered entries', { schedule_id: 'S! The ID of the schedule', since: 'S Start of the rendered range', until: 'S End of the rendered range' }),
  tool('create_schedule_override', 'Create an override on a schedule: someone else takes the on-call shift for a period', { schedule_id: 'S! The ID of the schedule', user_id: 'S! The user who takes the shift', start: 'S! Start of the override (ISO 8601)', end: 'S! End of the override (ISO 8601)' }),
  tool('list_services', 'List services in PagerDuty', { query: 'S Filter services by name', team_ids: 'A Filter by teams' }),
  tool('list_escalation_policies', 'List escalation policies', { query: 'S Filter by name', user_ids: 'A Policies that include these users' }),
  tool('list_users', 'List users of the PagerDuty account', { query: 'S Filter users by name or email', team_ids: 'A Filter by teams' }),
];

const stripe = [
  tool('create_customer', 'This tool will create a customer in Stripe.', { name: 'S! The name of the customer.', email: 'S The email of the customer.' }),
  tool('list_customers', 'This tool will fetch a list of Customers from Stripe.', { limit: 'I A limit on the number of objects to be returned. Limit can range between 1 and 100.', email: 'S A case-sensitive filter on the list based on the customer\'s email field.' }),
  tool('create_product', 'This tool will create a product in Stripe.', { name: 'S! The name of the product.', description: 'S The description of the product.' }),
  tool('list_products', 'This tool will fetch a list of Products from Stripe.', { limit: 'I A limit on the number of objects to be returned.' }),
  tool('create_price', 'This tool will create a price in Stripe. If a product has not already been specified, a product should be created first.', { product: 'S! The ID of the product to create the price for.', unit_amount: 'I! The unit amount of the price in cents.', currency: 'S! The currency of the price.' }),
  tool('list_prices', 'This tool will fetch a list of Prices from Stripe.', { product: 'S The ID of the product to list prices for.', limit: 'I A limit on the number of objects to be returned.' }),
  tool('create_payment_link', 'This tool will create a payment link in Stripe.', { price: 'S! The ID of the price to create the payment link for.', quantity: 'I! The quantity of the product to include.', redirect_url: 'S The URL the customer will be redirected to after the purchase is complete.' }),
  tool('create_invoice', 'This tool will create an invoice in Stripe.', { customer: 'S! The ID of the customer to create the invoice for.', days_until_due: 'I The number of days until the invoice is due.' }),
  tool('list_invoices', 'This tool will fetch a list of Invoices from Stripe.', { customer: 'S The ID of the customer to list invoices for.', limit: 'I A limit on the number of objects to be returned.' }),
  tool('create_invoice_item', 'This tool will create an invoice item in Stripe.', { customer: 'S! The ID of the customer to create the invoice item for.', price: 'S! The ID of the price for the item.', invoice: 'S! The ID of the invoice to create the item for.' }),
  tool('finalize_invoice', 'This tool will finalize an invoice in Stripe.', { invoice: 'S! The ID of the invoice to finalize.' }),
  tool('retrieve_balance', 'This tool will retrieve the balance from Stripe. It takes no input.'),
  tool('create_refund', 'This tool will refund a payment intent in Stripe.', { payment_intent: 'S! The ID of the PaymentIntent to refund.', amount: 'I The amount to refund in cents.', reason: 'S[duplicate,fraudulent,requested_by_customer] The reason for the refund' }),
  tool('list_payment_intents', 'This tool will list payment intents in Stripe.', { customer: 'S The ID of the customer to list payment intents for.', limit: 'I A limit on the number of objects to be returned.' }),
  tool('list_subscriptions', 'This tool will list all subscriptions in Stripe.', { customer: 'S The ID of the customer to list subscriptions for.', price: 'S The ID of the price to list subscriptions for.', status: 'S[active,past_due,unpaid,canceled,incomplete,incomplete_expired,trialing,all] The status of the subscriptions to retrieve.' }),
  tool('cancel_subscription', 'This tool will cancel a subscription in Stripe.', { subscription: 'S! The ID of the subscription to cancel.' }),
  tool('update_subscription', 'This tool will update an existing subscription in Stripe. If changing an existing subscription item, the existing subscription item has to be set to deleted and the new one has to be added.', { subscription: 'S! The ID of the subscription to update.', proration_behavior: 'S[create_prorations,none,always_invoice] Determines how to handle prorations when the subscription items change.', items: 'AO A list of subscription items to update, add, or remove.' }),
  tool('create_coupon', 'This tool will create a coupon in Stripe.', { name: 'S! Name of the coupon displayed to customers on invoices or receipts', percent_off: 'N A positive float larger than 0, and smaller or equal to 100, that represents the discount the coupon will apply.', amount_off: 'I A positive integer representing the amount to subtract from an invoice total', duration: 'S[once,repeating,forever] How long the discount will be in effect' }),
  tool('list_disputes', 'This tool will fetch a list of disputes in Stripe.', { charge: 'S Only return disputes associated to the charge specified by this charge ID.', payment_intent: 'S Only return disputes associated to the PaymentIntent specified by this PaymentIntent ID.' }),
  tool('update_dispute', 'When you receive a dispute, contacting your customer is always the best first step. If that doesn\'t work, you can submit evidence to help resolve the dispute in your favor. This tool helps.', { dispute: 'S! The ID of the dispute to update', evidence: 'O Evidence to upload, to respond to a dispute.', submit: 'B Whether to immediately submit evidence to the bank.' }),
  tool('search_stripe_documentation', 'Search and retrieve relevant Stripe documentation to answer questions about Stripe integration.', { question: 'S! The user question about integrating with Stripe will be used to search the documentation.', language: 'S The programming language to search for in the the documentation.' }),
];

const shopify = [
  tool('get-products', 'Get all products or search by title', { searchTitle: 'S Search products by title', limit: 'N! Maximum number of products to return' }),
  tool('get-product-by-id', 'Get a specific product by ID', { productId: 'S! ID of the product to retrieve' }),
  tool('create-product', 'Create a new product in the Shopify store', { title: 'S! Title of the product', descriptionHtml: 'S Description of the product in HTML', vendor: 'S Vendor of the product', productType: 'S Type of the product', tags: 'A Tags of the product', status: 'S[ACTIVE,DRAFT,ARCHIVED] Status of the product' }),
  tool('update-product-variant', 'Update a product variant: price, compare-at price, SKU or inventory policy', { variantId: 'S! ID of the variant', price: 'S New price', compareAtPrice: 'S Compare-at price', sku: 'S Stock keeping unit' }),
  tool('set-inventory-level', 'Set the available inventory quantity of an item at a location', { inventoryItemId: 'S! Inventory item ID', locationId: 'S! Location ID', quantity: 'I! Available quantity' }),
  tool('get-customers', 'Get customers or search by name/email', { searchQuery: 'S Search customers by name or email', limit: 'N Maximum number of customers to return' }),
  tool('update-customer', 'Update a customer\'s information', { id: 'S! Shopify customer ID, numeric excluding gid prefix', firstName: 'S First name', lastName: 'S Last name', email: 'S Email', phone: 'S Phone', tags: 'A Tags', note: 'S Note' }),
  tool('get-customer-orders', 'Get orders for a specific customer', { customerId: 'S! Shopify customer ID, numeric excluding gid prefix', limit: 'N Maximum number of orders to return' }),
  tool('get-orders', 'Get orders with optional filtering by status', { status: 'S[any,open,closed,cancelled] Filter orders by status', limit: 'N! Maximum number of orders to return' }),
  tool('get-order-by-id', 'Get a specific order by ID', { orderId: 'S! Full Shopify order ID (e.g., \'gid://shopify/Order/6090960994370\')' }),
  tool('update-order', 'Update an existing order with new information: tags, email, note, shipping address, custom attributes', { id: 'S! Shopify order ID', tags: 'A Tags', email: 'S Email', note: 'S Note', shippingAddress: 'O Shipping address' }),
  tool('create-discount', 'Create a basic discount code', { title: 'S! Title of the discount', code: 'S! Discount code that customers will enter', valueType: 'S![percentage,fixed_amount] Type of discount', value: 'N! Discount value (percentage as decimal or fixed amount)', startsAt: 'S! Start date in ISO format', endsAt: 'S Optional end date in ISO format' }),
  tool('create-draft-order', 'Create a draft order', { lineItems: 'AO! Line items, each with variantId and quantity', email: 'S! Customer email', shippingAddress: 'O! Shipping address details', note: 'S Optional note for the order' }),
  tool('complete-draft-order', 'Complete a draft order', { draftOrderId: 'S! ID of the draft order to complete', variantId: 'S! ID of the variant in the draft order' }),
  tool('get-collections', 'Get all collections', { limit: 'N Maximum number of collections to return', name: 'S Filter collections by name' }),
  tool('get-shop', 'Get shop details'),
];

const hubspot = [
  tool('hubspot-get-user-details', 'Authenticates the HubSpot token and returns details of the user and account it belongs to. Use first to understand the access.'),
  tool('hubspot-list-objects', 'Retrieves a paginated list of CRM objects of a specified type (contacts, companies, deals, tickets …) from HubSpot.', { objectType: 'S! The type of HubSpot object to list: contacts, companies, deals, tickets, products, line_items, quotes …', limit: 'I Maximum number of results to return', after: 'S Pagination cursor', properties: 'A A list of the properties to be returned' }),
  tool('hubspot-search-objects', 'Performs advanced filtered searches across HubSpot CRM object types using complex criteria: filter groups, operators, sorting.', { objectType: 'S! The type of HubSpot object to search', query: 'S Text to search across the default searchable properties', filterGroups: 'AO Groups of filters (propertyName, operator, value)', sorts: 'AO Sort order' }),
  tool('hubspot-batch-create-objects', 'Creates multiple HubSpot CRM objects of the same type (contacts, companies, deals …) in a single API call.', { objectType: 'S! The type of HubSpot object to create', inputs: 'AO! The objects to create, each with its properties and associations' }),
  tool('hubspot-batch-update-objects', 'Updates multiple existing HubSpot CRM objects of the same type in a single API call: change a deal stage, a contact\'s owner …', { objectType: 'S! The type of HubSpot object to update', inputs: 'AO! The objects to update, each with its id and properties' }),
  tool('hubspot-get-object', 'Retrieves a single HubSpot CRM object by ID with its properties and associations.', { objectType: 'S! The type of HubSpot object', objectId: 'S! The ID of the object', properties: 'A Properties to return', associations: 'A Associated object types to include' }),
  tool('hubspot-list-associations', 'Retrieves the associations of a HubSpot CRM object: the contacts of a company, the deals of a contact …', { objectType: 'S! The object type', objectId: 'S! The object ID', toObjectType: 'S! The type of the associated objects' }),
  tool('hubspot-create-engagement', 'Creates a HubSpot engagement (a note or a task) associated with contacts, companies or deals.', { type: 'S![NOTE,TASK] The type of engagement', ownerId: 'I! The owner of the engagement', associations: 'O! Contact, company, deal or ticket IDs', metadata: 'O! The engagement\'s content: body for a note; subject, status, priority for a task' }),
  tool('hubspot-list-properties', 'Retrieves the complete catalog of properties defined for a HubSpot object type, with names, labels and types.', { objectType: 'S! The type of HubSpot object' }),
  tool('hubspot-list-workflows', 'Retrieves a paginated list of HubSpot automation workflows.', { limit: 'I Maximum number of workflows to return', after: 'S Pagination cursor' }),
];

const zendesk = [
  tool('get_tickets', 'Fetch the latest tickets with pagination support', { page: 'I Page number', per_page: 'I Number of tickets per page (max 100)', sort_by: 'S Field to sort by (created_at, updated_at, priority, status)', sort_order: 'S[asc,desc] Sort order' }),
  tool('get_ticket', 'Retrieve a Zendesk ticket by its ID', { ticket_id: 'I! The ID of the ticket to retrieve' }),
  tool('get_ticket_comments', 'Retrieve all comments for a Zendesk ticket by its ID', { ticket_id: 'I! The ID of the ticket to get comments for' }),
  tool('create_ticket_comment', 'Create a new comment on an existing Zendesk ticket: a public reply to the requester or an internal note', { ticket_id: 'I! The ID of the ticket to comment on', comment: 'S! The comment text/content to add', public: 'B Whether the comment should be public (a reply the customer sees) or an internal note' }),
  tool('create_ticket', 'Create a new Zendesk ticket', { subject: 'S! Ticket subject', description: 'S! Ticket description', requester_id: 'I The requester\'s user ID', priority: 'S[low,normal,high,urgent] Ticket priority', type: 'S[problem,incident,question,task] Ticket type', tags: 'A Tags' }),
  tool('update_ticket', 'Update fields on an existing Zendesk ticket (e.g., status, priority, assignee_id)', { ticket_id: 'I! The ID of the ticket to update', status: 'S[new,open,pending,on-hold,solved,closed] New status', priority: 'S[low,normal,high,urgent] New priority', assignee_id: 'I Agent to assign', tags: 'A Tags' }),
  tool('search_tickets', 'Search Zendesk tickets with the Zendesk search syntax (status, requester, tags, dates)', { query: 'S! Search query, e.g. \'status:open requester:jane@example.com refund\'' }),
  tool('search_articles', 'Search Help Center articles in the Zendesk knowledge base', { query: 'S! Search text', locale: 'S Article locale, e.g. en-us' }),
];

const twilio = [
  tool('send_sms', 'Send an SMS text message to a phone number from one of your Twilio numbers', { to: 'S! Recipient phone number in E.164 format, e.g. +14155550123', body: 'S! The text of the message (up to 1,600 characters)', from: 'S Your Twilio phone number or messaging service SID' }),
  tool('send_whatsapp_message', 'Send a WhatsApp message through Twilio', { to: 'S! Recipient WhatsApp number, e.g. whatsapp:+14155550123', body: 'S! Message text', contentSid: 'S An approved content template to send instead of free text' }),
  tool('list_messages', 'List SMS and MMS messages sent or received by your account', { to: 'S Filter by recipient', from: 'S Filter by sender', dateSentAfter: 'S Only messages sent after this date', pageSize: 'I Results per page' }),
  tool('get_message', 'Fetch one message with its status, price and error code', { messageSid: 'S! The SID of the message' }),
  tool('make_call', 'Place an outgoing voice call that plays a message (text-to-speech) or runs TwiML', { to: 'S! Number to call in E.164 format', from: 'S! Your Twilio number', twiml: 'S TwiML instructions, e.g. <Response><Say>Hello</Say></Response>', url: 'S URL that returns TwiML' }),
  tool('list_calls', 'List voice calls made to and from your account', { status: 'S[queued,ringing,in-progress,completed,busy,failed,no-answer] Filter by status', startTimeAfter: 'S Only calls that started after this time' }),
  tool('lookup_phone_number', 'Look up a phone number: validity, national format, carrier and line type (mobile, landline, VoIP)', { phoneNumber: 'S! Phone number to look up', fields: 'A Data packages: line_type_intelligence, caller_name …' }),
];

const figma = [
  tool('get_figma_data', 'When the nodeId cannot be obtained, obtain the layout information about the entire Figma file', { fileKey: 'S! The key of the Figma file to fetch, often found in a provided URL like figma.com/(file|design)/<fileKey>/...', nodeId: 'S The ID of the node to fetch, often found as URL parameter node-id=<nodeId>', depth: 'N How many levels deep to traverse the node tree' }),
  tool('download_figma_images', 'Download SVG and PNG images used in a Figma file based on the IDs of image or icon nodes', { fileKey: 'S! The key of the Figma file containing the node', nodes: 'AO! The nodes to fetch as images, each with nodeId, fileName and imageRef', localPath: 'S! The absolute path to the directory where images are stored in the project', pngScale: 'N Export scale for PNG images' }),
  tool('get_code', 'Generate UI code for a given Figma node or the currently selected node in the Figma desktop app', { nodeId: 'S The ID of the node in the Figma document, eg. "123:456"', clientLanguages: 'S A comma separated list of programming languages used by the client', clientFrameworks: 'S A comma separated list of frameworks used by the client, e.g. react, vue' }),
  tool('get_variable_defs', 'Get the variable definitions (design tokens: colors, spacing, typography) used by a Figma node', { nodeId: 'S The ID of the node in the Figma document' }),
  tool('get_screenshot', 'Generate a screenshot for a given Figma node or the currently selected node', { nodeId: 'S The ID of the node in the Figma document' }),
  tool('get_figma_comments', 'List the comments on a Figma file, with their authors and the nodes they are pinned to', { fileKey: 'S! The key of the Figma file' }),
];

const braveSearch = [
  tool('brave_web_search', 'Performs a web search using the Brave Search API, ideal for general queries, news, articles, and online content. Use this for broad information gathering, recent events, or when you need diverse web sources. Supports pagination, content filtering, and freshness controls. Maximum 20 results per request, with offset for pagination.', { query: 'S! Search query (max 400 chars, 50 words)', count: 'N Number of results (1-20, default 10)', offset: 'N Pagination offset (max 9, default 0)' }),
  tool('brave_local_search', 'Searches for local businesses and places using Brave\'s Local Search API. Best for queries related to physical locations, businesses, restaurants, services, etc. Returns detailed information including business names and addresses, ratings and review counts, phone numbers and opening hours. Use this when the query implies \'near me\' or mentions specific locations. Automatically falls back to web search if no local results are found.', { query: 'S! Local search query (e.g. \'pizza near Central Park\')', count: 'N Number of results (1-20, default 5)' }),
];

const fetchServer = [
  tool('fetch', 'Fetches a URL from the internet and optionally extracts its contents as markdown. Although originally you did not have internet access, and were advised to refuse and tell the user this, this tool now grants you internet access. Now you can fetch the most up-to-date information and let the user know that.', { url: 'S! URL to fetch', max_length: 'I Maximum number of characters to return.', start_index: 'I On return output starting at this character index, useful if a previous fetch was truncated and more context is required.', raw: 'B Get the actual HTML content of the requested page, without simplification.' }),
];

const playwright = [
  tool('browser_navigate', 'Navigate to a URL', { url: 'S! The URL to navigate to' }),
  tool('browser_navigate_back', 'Go back to the previous page'),
  tool('browser_snapshot', 'Capture accessibility snapshot of the current page, this is better than screenshot'),
  tool('browser_click', 'Perform click on a web page', { element: 'S! Human-readable element description used to obtain permission to interact with the element', ref: 'S! Exact target element reference from the page snapshot', doubleClick: 'B Whether to perform a double click instead of a single click', button: 'S[left,right,middle] Button to click, defaults to left' }),
  tool('browser_type', 'Type text into editable element', { element: 'S! Human-readable element description used to obtain permission to interact with the element', ref: 'S! Exact target element reference from the page snapshot', text: 'S! Text to type into the element', submit: 'B Whether to submit entered text (press Enter after)', slowly: 'B Whether to type one character at a time.' }),
  tool('browser_fill_form', 'Fill multiple form fields', { fields: 'AO! Fields to fill in, each with name, type, ref and value' }),
  tool('browser_select_option', 'Select an option in a dropdown', { element: 'S! Human-readable element description', ref: 'S! Exact target element reference from the page snapshot', values: 'A! Array of values to select in the dropdown.' }),
  tool('browser_hover', 'Hover over element on page', { element: 'S! Human-readable element description', ref: 'S! Exact target element reference from the page snapshot' }),
  tool('browser_press_key', 'Press a key on the keyboard', { key: 'S! Name of the key to press or a character to generate, such as `ArrowLeft` or `a`' }),
  tool('browser_take_screenshot', 'Take a screenshot of the current page. You can\'t perform actions based on the screenshot, use browser_snapshot for actions.', { type: 'S[png,jpeg] Image format for the screenshot. Default is png.', filename: 'S File name to save the screenshot to.', element: 'S Human-readable element description to screenshot', fullPage: 'B When true, takes a screenshot of the full scrollable page, instead of the currently visible viewport.' }),
  tool('browser_evaluate', 'Evaluate JavaScript expression on page or element', { function: 'S! () => { /* code */ } or (element) => { /* code */ } when element is provided', element: 'S Human-readable element description', ref: 'S Exact target element reference from the page snapshot' }),
  tool('browser_file_upload', 'Upload one or multiple files', { paths: 'A The absolute paths to the files to upload. Can be single file or multiple files. If omitted, file chooser is cancelled.' }),
  tool('browser_handle_dialog', 'Handle a dialog', { accept: 'B! Whether to accept the dialog.', promptText: 'S The text of the prompt in case of a prompt dialog.' }),
  tool('browser_console_messages', 'Returns all console messages', { onlyErrors: 'B Only return error messages' }),
  tool('browser_network_requests', 'Returns all network requests since loading the page'),
  tool('browser_wait_for', 'Wait for text to appear or disappear or a specified time to pass', { time: 'N The time to wait in seconds', text: 'S The text to wait for', textGone: 'S The text to wait for to disappear' }),
  tool('browser_tabs', 'List, create, close, or select a browser tab.', { action: 'S![list,new,close,select] Operation to perform', index: 'N Tab index, used for close/select. If omitted for close, current tab is closed.' }),
  tool('browser_close', 'Close the page'),
  tool('browser_pdf_save', 'Save page as PDF', { filename: 'S File name to save the pdf to.' }),
];

const maps = [
  tool('maps_geocode', 'Convert an address into geographic coordinates', { address: 'S! The address to geocode' }),
  tool('maps_reverse_geocode', 'Convert coordinates into an address', { latitude: 'N! Latitude coordinate', longitude: 'N! Longitude coordinate' }),
  tool('maps_search_places', 'Search for places using Google Places API', { query: 'S! Search query', location: 'O Optional center point for the search: latitude and longitude', radius: 'N Search radius in meters (max 50000)' }),
  tool('maps_place_details', 'Get detailed information about a specific place', { place_id: 'S! The place ID to get details for' }),
  tool('maps_distance_matrix', 'Calculate travel distance and time for multiple origins and destinations', { origins: 'A! Array of origin addresses or coordinates', destinations: 'A! Array of destination addresses or coordinates', mode: 'S[driving,walking,bicycling,transit] Travel mode (driving, walking, bicycling, transit)' }),
  tool('maps_elevation', 'Get elevation data for locations on the earth', { locations: 'AO! Array of locations to get elevation for, each with latitude and longitude' }),
  tool('maps_directions', 'Get directions between two points', { origin: 'S! Starting point address or coordinates', destination: 'S! Ending point address or coordinates', mode: 'S[driving,walking,bicycling,transit] Travel mode (driving, walking, bicycling, transit)' }),
];

const weather = [
  tool('get_alerts', 'Get weather alerts for a US state.', { state: 'S! Two-letter US state code (e.g. CA, NY)' }),
  tool('get_forecast', 'Get weather forecast for a location.', { latitude: 'N! Latitude of the location', longitude: 'N! Longitude of the location' }),
];

const time = [
  tool('get_current_time', 'Get current time in a specific timezones', { timezone: 'S! IANA timezone name (e.g., \'America/New_York\', \'Europe/London\'). Use \'UTC\' as local timezone if no timezone provided by the user.' }),
  tool('convert_time', 'Convert time between timezones', { source_timezone: 'S! Source IANA timezone name (e.g., \'America/New_York\', \'Europe/London\').', time: 'S! Time to convert in 24-hour format (HH:MM)', target_timezone: 'S! Target IANA timezone name (e.g., \'Asia/Tokyo\', \'America/San_Francisco\').' }),
];

const memory = [
  tool('create_entities', 'Create multiple new entities in the knowledge graph', { entities: 'AO! Entities, each with name, entityType and observations (an array of strings)' }),
  tool('create_relations', 'Create multiple new relations between entities in the knowledge graph. Relations should be in active voice', { relations: 'AO! Relations, each with from (the name of the entity where the relation starts), to, and relationType' }),
  tool('add_observations', 'Add new observations to existing entities in the knowledge graph', { observations: 'AO! Observations, each with entityName and contents (an array of observation strings to add)' }),
  tool('delete_entities', 'Delete multiple entities and their associated relations from the knowledge graph', { entityNames: 'A! An array of entity names to delete' }),
  tool('delete_observations', 'Delete specific observations from entities in the knowledge graph', { deletions: 'AO! Deletions, each with entityName and observations (an array of observations to delete)' }),
  tool('delete_relations', 'Delete multiple relations from the knowledge graph', { relations: 'AO! An array of relations to delete' }),
  tool('read_graph', 'Read the entire knowledge graph'),
  tool('search_nodes', 'Search for nodes in the knowledge graph based on a query', { query: 'S! The search query to match against entity names, types, and observation content' }),
  tool('open_nodes', 'Open specific nodes in the knowledge graph by their names', { names: 'A! An array of entity names to retrieve' }),
];

const spotify = [
  tool('searchSpotify', 'Search for tracks, albums, artists, or playlists on Spotify', { query: 'S! The search query', type: 'S![track,album,artist,playlist] The type of item to search for', limit: 'N Maximum number of results to return (10-50)' }),
  tool('getNowPlaying', 'Get information about the currently playing track on Spotify'),
  tool('getMyPlaylists', 'Get a list of the current user\'s playlists on Spotify', { limit: 'N Maximum number of playlists to return (1-50)' }),
  tool('getPlaylistTracks', 'Get a list of tracks in a Spotify playlist', { playlistId: 'S! The Spotify ID of the playlist', limit: 'N Maximum number of tracks to return (1-50)' }),
  tool('getRecentlyPlayed', 'Get a list of recently played tracks on Spotify', { limit: 'N Maximum number of tracks to return (1-50)' }),
  tool('playMusic', 'Start playing a Spotify track, album, artist, or playlist', { uri: 'S The Spotify URI to play (overrides type and id)', type: 'S[track,album,artist,playlist] The type of item to play', id: 'S The Spotify ID of the item to play', deviceId: 'S The Spotify device ID to play on' }),
  tool('pausePlayback', 'Pause Spotify playback on the active device', { deviceId: 'S The Spotify device ID to pause playback on' }),
  tool('skipToNext', 'Skip to the next track in the current Spotify playback queue', { deviceId: 'S The Spotify device ID to skip on' }),
  tool('createPlaylist', 'Create a new playlist on Spotify', { name: 'S! The name of the playlist', description: 'S The description of the playlist', public: 'B Whether the playlist should be public' }),
  tool('addTracksToPlaylist', 'Add tracks to a Spotify playlist', { playlistId: 'S! The Spotify ID of the playlist', trackUris: 'A! Array of Spotify track URIs to add', position: 'N Position to insert the tracks (0-based index)' }),
  tool('addToQueue', 'Adds a track, album, artist or playlist to the playback queue', { uri: 'S The Spotify URI to add to the queue', type: 'S[track,album,artist,playlist] The type of item', id: 'S The Spotify ID of the item' }),
  tool('getAvailableDevices', 'Get information about a user\'s available Spotify Connect devices'),
];

const youtube = [
  tool('get_transcript', 'Extract transcript from a YouTube video URL or ID', { url: 'S! YouTube video URL or ID', lang: 'S Language code for transcript (e.g., \'ko\', \'en\')', include_timestamps: 'B Include timestamps in output (e.g. "[0:05] text")' }),
  tool('get_video_info', 'Get a YouTube video\'s metadata: title, channel, duration, publication date, view count and description', { url: 'S! YouTube video URL or ID' }),
];

const airtable = [
  tool('list_bases', 'Lists all accessible Airtable bases'),
  tool('list_tables', 'Lists all tables in a specific base', { baseId: 'S! The ID of the Airtable base', detailLevel: 'S[tableIdentifiersOnly,identifiersOnly,full] Detail level for table information' }),
  tool('describe_table', 'Gets detailed information about a specific table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table to describe' }),
  tool('list_records', 'Lists records from a specified Airtable table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table to query', maxRecords: 'N Maximum number of records to return. Defaults to 100.', filterByFormula: 'S Airtable formula to filter records', view: 'S Name or ID of a view to use', sort: 'AO Specifies how to sort the records' }),
  tool('search_records', 'Search for records containing specific text', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table to query', searchTerm: 'S! Text to search for in records', fieldIds: 'A Specific field IDs to search in. If not provided, searches all text-based fields.' }),
  tool('get_record', 'Gets a specific record by ID', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table', recordId: 'S! The ID of the record to get' }),
  tool('create_record', 'Creates a new record in a table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table', fields: 'O! The fields and values for the new record' }),
  tool('update_records', 'Updates up to 10 records in a table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table', records: 'AO! Records to update, each with id and fields' }),
  tool('delete_records', 'Deletes records from a table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table', recordIds: 'A! The IDs of the records to delete' }),
  tool('create_table', 'Creates a new table in a base', { baseId: 'S! The ID of the Airtable base', name: 'S! Name of the new table', description: 'S Description of the table', fields: 'AO! Field definitions, each with name and type' }),
  tool('create_field', 'Creates a new field in a table', { baseId: 'S! The ID of the Airtable base', tableId: 'S! The ID of the table', name: 'S! Name of the field', type: 'S! Field type, e.g. singleLineText, number, singleSelect' }),
];

const asana = [
  tool('asana_list_workspaces', 'List all available workspaces in Asana'),
  tool('asana_search_projects', 'Search for projects in Asana using name pattern matching', { workspace: 'S! The workspace to search in', name_pattern: 'S! Regular expression pattern to match project names', archived: 'B Only return archived projects' }),
  tool('asana_search_tasks', 'Search tasks in a workspace with advanced filtering options', { workspace: 'S! The workspace to search in', text: 'S Text to search for in task names and descriptions', completed: 'B Filter for completed tasks', assignee_any: 'S Comma-separated list of user IDs', projects_any: 'S Comma-separated list of project IDs', due_on_before: 'S ISO 8601 date string' }),
  tool('asana_get_task', 'Get detailed information about a specific task', { task_id: 'S! The task ID to retrieve', opt_fields: 'S Comma-separated list of optional fields to include' }),
  tool('asana_create_task', 'Create a new task in a project', { project_id: 'S! The project to create the task in', name: 'S! Name of the task', notes: 'S Description of the task', due_on: 'S Due date in YYYY-MM-DD format', assignee: 'S Assignee (can be \'me\' or a user ID)', parent: 'S The parent task ID to set this task under' }),
  tool('asana_update_task', 'Update an existing task\'s details', { task_id: 'S! The task ID to update', name: 'S New name for the task', notes: 'S New description for the task', due_on: 'S New due date in YYYY-MM-DD format', assignee: 'S New assignee (can be \'me\' or a user ID)', completed: 'B Mark task as completed or not' }),
  tool('asana_get_task_stories', 'Get comments and stories for a specific task', { task_id: 'S! The task ID to get stories for' }),
  tool('asana_create_task_story', 'Create a comment or story on a task', { task_id: 'S! The task ID to add the story to', text: 'S! The text content of the story/comment' }),
  tool('asana_create_subtask', 'Create a new subtask for an existing task', { parent_task_id: 'S! The parent task ID to create the subtask under', name: 'S! Name of the subtask', notes: 'S Description of the subtask', assignee: 'S Assignee' }),
  tool('asana_add_task_dependencies', 'Set dependencies for a task', { task_id: 'S! The task ID to add dependencies to', dependencies: 'A! Array of task IDs that this task depends on' }),
  tool('asana_get_project_sections', 'Get sections in a project', { project_id: 'S! The project ID to get sections for' }),
  tool('asana_get_project_task_counts', 'Get the number of tasks in a project', { project_id: 'S! The project ID to get task counts for' }),
];

const trello = [
  tool('list_boards', 'List all boards the user has access to'),
  tool('get_lists', 'Retrieve all lists from the specified board', { boardId: 'S ID of the Trello board (uses default if not provided)' }),
  tool('get_cards_by_list_id', 'Fetch cards from a specific Trello list on a specific board', { boardId: 'S ID of the Trello board', listId: 'S! ID of the Trello list' }),
  tool('get_card', 'Get detailed information about a specific Trello card', { cardId: 'S! ID of the card to fetch', includeMarkdown: 'B Whether to return card description in markdown format' }),
  tool('add_card_to_list', 'Add a new card to a specified list on a specific board', { boardId: 'S ID of the Trello board', listId: 'S! ID of the list to add the card to', name: 'S! Name of the card', description: 'S Description of the card', dueDate: 'S Due date for the card (ISO 8601 format)', labels: 'A Array of label IDs to apply to the card' }),
  tool('update_card_details', 'Update an existing card\'s details on a specific board', { cardId: 'S! ID of the card to update', name: 'S New name for the card', description: 'S New description for the card', dueDate: 'S New due date', dueComplete: 'B Whether the card is completed', labels: 'A New array of label IDs' }),
  tool('move_card', 'Move a card to a different list, potentially on a different board', { cardId: 'S! ID of the card to move', listId: 'S! ID of the target list', boardId: 'S ID of the target board' }),
  tool('archive_card', 'Send a card to the archive on a specific board', { cardId: 'S! ID of the card to archive' }),
  tool('add_comment', 'Add a comment to a Trello card', { cardId: 'S! ID of the card to comment on', text: 'S! The text of the comment to add' }),
  tool('add_list_to_board', 'Add a new list to the specified board', { boardId: 'S ID of the Trello board', name: 'S! Name of the new list' }),
  tool('get_my_cards', 'Fetch all cards assigned to the current user'),
  tool('get_recent_activity', 'Fetch recent activity on the Trello board', { boardId: 'S ID of the Trello board', limit: 'N Number of activities to fetch (default: 10)' }),
];

/** Every hand-written server, in the order catalogFor takes them. Names as a user would name them in the hub. */
export const REAL_SERVERS = [
  // The 40-tool catalog: a developer's everyday servers.
  { name: 'filesystem', tools: filesystem },
  { name: 'git', tools: git },
  { name: 'slack', tools: slack },
  { name: 'fetch', tools: fetchServer },
  { name: 'brave-search', tools: braveSearch },
  { name: 'time', tools: time },
  { name: 'weather', tools: weather },
  // The rest.
  { name: 'github', tools: github },
  { name: 'gitlab', tools: gitlab },
  { name: 'atlassian', tools: atlassian },
  { name: 'linear', tools: linear },
  { name: 'discord', tools: discord },
  { name: 'gmail', tools: gmail },
  { name: 'google-calendar', tools: calendar },
  { name: 'gdrive', tools: gdrive },
  { name: 'notion', tools: notion },
  { name: 'postgres', tools: postgres },
  { name: 'sqlite', tools: sqlite },
  { name: 'redis', tools: redis },
  { name: 's3', tools: s3 },
  { name: 'kubernetes', tools: kubernetes },
  { name: 'docker', tools: docker },
  { name: 'sentry', tools: sentry },
  { name: 'datadog', tools: datadog },
  { name: 'pagerduty', tools: pagerduty },
  { name: 'stripe', tools: stripe },
  { name: 'shopify', tools: shopify },
  { name: 'hubspot', tools: hubspot },
  { name: 'zendesk', tools: zendesk },
  { name: 'twilio', tools: twilio },
  { name: 'figma', tools: figma },
  { name: 'playwright', tools: playwright },
  { name: 'google-maps', tools: maps },
  { name: 'memory', tools: memory },
  { name: 'spotify', tools: spotify },
  { name: 'youtube', tools: youtube },
  { name: 'airtable', tools: airtable },
  { name: 'asana', tools: asana },
  { name: 'trello', tools: trello },
];
