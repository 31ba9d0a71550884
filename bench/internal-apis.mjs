// Generated servers in the style of a large company's internal APIs (billing-api, inventory-svc …): each
// service has its entities, with CRUD and the usual extras over them (search, archive, export, history …),
// and a few domain actions. Names follow one of three conventions per service (snake_case, OpenAPI
// operationIds in camelCase, resource_verb), descriptions one of three voices (terse OpenAPI summaries, one
// sentence, two sentences with hints), so the big catalogs hold many near-duplicates: create/list/get/update/
// delete of similar things in many services. Deterministic: no randomness, choices by a hash of the names.
import { tool } from './realistic-servers.mjs';

/**
 * [server, Title, what it is about, entities ('singular' or 'singular/plural', ';'-separated),
 *  actions ('verb phrase | description [| extra args: name or name:T, ','-separated]')].
 * An action's object is the entity whose words its name ends with, or contains; it gets that entity's id.
 */
const DOMAINS = [
  ['billing-api', 'Billing', 'invoices, payment methods and billing accounts of customers', 'invoice; payment method; billing account; credit note; usage record; tax rate; dunning schedule', [
    'void invoice | Void an open invoice so it can no longer be paid; the customer is notified | reason',
    'retry invoice payment | Retry collecting a failed invoice payment now instead of waiting for the dunning schedule',
    'send invoice reminder | Email the billing contact a reminder for an unpaid or overdue invoice | message',
    'apply credit note | Apply a credit note to an open invoice, reducing the amount due | invoice_id',
    'preview upcoming invoice | Preview the next invoice of a billing account with pending usage and proration',
    'mark invoice uncollectible | Write off an invoice as uncollectible bad debt | reason']],
  ['payments-svc', 'Payments', 'card and bank payments, refunds, payouts and chargebacks', 'payment; refund; payout; chargeback; payment intent; settlement batch; merchant account', [
    'capture payment | Capture an authorized payment, fully or partially | amount:I',
    'cancel payment | Cancel an authorized payment that has not been captured | reason',
    'approve refund | Approve a pending refund above the automatic approval threshold',
    'reconcile settlement batch | Match a settlement batch from the acquirer against recorded payments and flag differences',
    'submit chargeback evidence | Submit evidence documents to contest a chargeback | evidence:O',
    'hold payout | Hold a scheduled payout to a merchant account pending review | reason']],
  ['ledger-svc', 'General ledger', 'double-entry accounting: journal entries, accounts and period close', 'journal entry/journal entries; ledger account; posting; accounting period; reconciliation; currency rate', [
    'post journal entry | Post a draft journal entry to the general ledger; debits must equal credits',
    'reverse journal entry | Create the reversing entry of a posted journal entry | reversal_date',
    'close accounting period | Close an accounting period so no more entries can be posted to it',
    'run trial balance | Compute the trial balance of all ledger accounts at a date | as_of',
    'reopen accounting period | Reopen a closed accounting period for adjustments | reason']],
  ['orders-svc', 'Orders', 'customer orders from checkout to fulfillment', 'order; order line; cart; checkout session; fulfillment request; order note', [
    'cancel order | Cancel an order that has not shipped; payments are voided or refunded | reason, notify_customer:B',
    'split order | Split an order into two shipments by order line | order_line_ids:A',
    'reship order | Create a replacement shipment for a lost or damaged order | reason',
    'place order on hold | Put an order on hold so it is not released to the warehouse | reason',
    'release order hold | Release an order hold and send the order to fulfillment',
    'recalculate order totals | Recompute taxes, discounts and totals of an order after a change']],
  ['inventory-svc', 'Inventory', 'stock levels across warehouses and stores', 'stock item; warehouse location; stock adjustment; cycle count; reservation; replenishment rule; lot', [
    'reserve stock | Reserve units of a SKU for an order so they cannot be sold twice | sku, quantity:I, order_id',
    'release reservation | Release a stock reservation back to available inventory',
    'transfer stock between locations | Move units of a SKU from one warehouse location to another | sku, quantity:I, from_location_id, to_location_id',
    'adjust stock quantity | Correct the on-hand quantity of a stock item after a count or damage | delta:I, reason',
    'trigger replenishment | Create replenishment orders now for items below their reorder point',
    'quarantine lot | Block a lot from sale pending quality inspection | reason']],
  ['catalog-api', 'Product catalog', 'products, variants and categories sold in the stores', 'product; variant; category/categories; attribute; brand; product bundle; product image', [
    'publish product | Publish a product to the storefront channels',
    'unpublish product | Remove a product from the storefront without deleting it',
    'merge duplicate products | Merge two product records, keeping the first and moving variants and reviews | duplicate_product_id',
    'reorder category products | Set the display order of products in a category | product_ids:A',
    'generate product slug | Generate an SEO-friendly URL slug from a product name']],
  ['pricing-svc', 'Pricing', 'price lists, price rules and markdowns', 'price list; price rule; discount; markdown; competitor price; price experiment', [
    'simulate price change | Simulate the revenue and margin effect of a price change before applying it | new_price:N',
    'approve markdown | Approve a proposed markdown so it takes effect on its start date',
    'schedule price change | Schedule a new price for a SKU from a date | sku, new_price:N, effective_from',
    'recompute price list | Recompute every price in a price list from its rules']],
  ['promotions-api', 'Promotions', 'promotions, coupon codes and vouchers', 'promotion; coupon code; voucher; campaign budget; eligibility rule', [
    'generate coupon codes | Generate a batch of unique single-use coupon codes for a promotion | count:I, prefix',
    'redeem voucher | Redeem a voucher against an order | order_id',
    'pause promotion | Pause a running promotion; codes stop working until it is resumed',
    'extend promotion end date | Move the end date of a promotion later | new_end_date',
    'check coupon eligibility | Check whether a coupon code can be applied to a cart and why not | cart_id']],
  ['shipping-svc', 'Shipping', 'shipments, parcels, carriers and labels', 'shipment; parcel; carrier account; shipping label; pickup; shipping rate', [
    'buy shipping label | Buy a postage label for a shipment from the chosen carrier and service | carrier, service_level',
    'void shipping label | Void an unused shipping label and get the postage refunded',
    'schedule carrier pickup | Book a carrier pickup at a warehouse for a time window | window_start, window_end',
    'track shipment | Get the latest carrier tracking events of a shipment',
    'rate shop shipment | Compare carrier rates and delivery dates for a shipment',
    'reroute shipment | Redirect a shipment in transit to a new address | address:O']],
  ['returns-svc', 'Returns', 'customer returns, exchanges and inspections', 'return request; return label; inspection; exchange; restocking fee rule', [
    'approve return request | Approve a customer return request and email the return instructions',
    'reject return request | Reject a return request with a reason shown to the customer | reason',
    'issue return label | Create a prepaid return label for an approved return request',
    'record inspection result | Record the condition of returned items and whether they can be resold | condition, resellable:B',
    'convert return to exchange | Turn a return request into an exchange for another variant | variant_id']],
  ['warehouse-ops', 'Warehouse operations', 'picking, packing, putaway and dock scheduling in the warehouses', 'pick list; wave; packing station; putaway task; dock appointment; cross-dock transfer', [
    'release wave | Release a wave of orders to the floor for picking',
    'assign picker to pick list | Assign a warehouse associate to a pick list | associate_id',
    'complete putaway task | Mark a putaway task done with the bin the goods went to | bin',
    'reschedule dock appointment | Move an inbound dock appointment to another slot | new_start',
    'print packing slip | Render the packing slip of an order for a packing station | order_id']],
  ['fleet-mgmt', 'Fleet management', 'delivery vehicles, drivers and routes', 'vehicle; driver; route plan; maintenance ticket; fuel card; telematics device', [
    'assign driver to vehicle | Assign a driver to a vehicle for a shift | driver_id, shift_date',
    'optimize route plan | Reorder the stops of a route plan to minimize drive time',
    'ground vehicle | Take a vehicle out of service until it is repaired | reason',
    'deactivate fuel card | Deactivate a lost or misused fuel card at once',
    'schedule vehicle maintenance | Book a service appointment for a vehicle | date, service_type']],
  ['customer-profile', 'Customer profiles', 'the single view of each customer: identity, addresses and preferences', 'customer; address/addresses; contact preference; customer segment; household; consent record', [
    'merge customer profiles | Merge two customer profiles that belong to the same person, keeping the first | duplicate_customer_id',
    'anonymize customer | Irreversibly anonymize a customer\'s personal data (right to erasure)',
    'recompute customer segments | Recompute which segments a customer belongs to',
    'verify address | Validate and standardize a postal address with the address provider',
    'export customer data | Export everything held about a customer as a GDPR data subject access package']],
  ['crm-svc', 'CRM', 'accounts, contacts, leads and the sales pipeline', 'account; contact; lead; opportunity/opportunities; activity/activities; pipeline stage; sales territory/sales territories', [
    'convert lead to opportunity | Convert a qualified lead into an account, a contact and an opportunity',
    'reassign account owner | Give an account and its open opportunities to another sales rep | new_owner_id',
    'close opportunity as won | Mark an opportunity closed-won with its final amount | amount:N',
    'close opportunity as lost | Mark an opportunity closed-lost with the loss reason | loss_reason',
    'log sales call | Record a call with a contact as an activity | contact_id, notes, duration_minutes:I']],
  ['marketing-campaigns', 'Marketing campaigns', 'email and ad campaigns, audiences and landing pages', 'campaign; audience; email template; send schedule; landing page; utm link', [
    'launch campaign | Launch a campaign: sends start at its schedule',
    'pause campaign | Pause a running campaign',
    'send test email | Send a test of a campaign\'s email to a few addresses | emails:A',
    'clone campaign | Copy a campaign with its audience and content as a new draft | name',
    'compute audience size | Count the contacts an audience definition matches']],
  ['loyalty-svc', 'Loyalty program', 'loyalty members, points, rewards and tiers', 'loyalty member; points transaction; reward; tier; referral', [
    'award points | Credit loyalty points to a member with a reason | points:I, reason',
    'redeem reward | Redeem a reward for a member, deducting its points cost | reward_id',
    'adjust points balance | Correct a member\'s points balance up or down | delta:I, reason',
    'upgrade member tier | Move a loyalty member to a higher tier | tier_id',
    'expire points | Expire points older than the program\'s validity period']],
  ['support-desk', 'Customer support', 'customer support cases, queues and SLAs', 'support case; case comment; macro; sla policy/sla policies; support queue; satisfaction survey', [
    'escalate case | Escalate a support case to the next tier with a reason | tier:I, reason',
    'merge support cases | Merge duplicate support cases into one | duplicate_case_ids:A',
    'apply macro to case | Apply a saved macro (canned reply and field changes) to a case | macro_id',
    'reopen case | Reopen a solved support case',
    'reassign case to queue | Move a case to another support queue | queue_id']],
  ['identity-api', 'Identity', 'employee and customer accounts, roles, sessions and API keys', 'user account; role; permission; group; api key; session; mfa device', [
    'reset user password | Send a password reset link to a user or set a temporary password | send_email:B',
    'lock user account | Lock a user account so it cannot sign in | reason',
    'unlock user account | Unlock a locked user account',
    'revoke session | Sign a user out of one session or all sessions | all:B',
    'rotate api key | Issue a new secret for an API key and expire the old one after a grace period | grace_hours:I',
    'assign role to user | Grant a role to a user account | role_id',
    'enroll mfa device | Start enrolling a second factor (TOTP app or security key) for a user | type']],
  ['access-requests', 'Access requests', 'requests for access to systems and data, with approvals and reviews', 'access request; approval policy/approval policies; entitlement; access review; break glass grant', [
    'approve access request | Approve a pending access request | comment',
    'deny access request | Deny a pending access request with a reason | reason',
    'revoke entitlement | Take an entitlement away from a user',
    'start access review | Start a periodic access review of everyone holding an entitlement | due_date',
    'grant break glass access | Grant temporary emergency access that expires automatically | duration_minutes:I, justification']],
  ['hr-core', 'HR', 'employees, departments, positions and the org chart', 'employee; department; position; job level; org unit; employment contract', [
    'onboard employee | Start onboarding a new hire: accounts, equipment and first-day tasks | start_date',
    'terminate employee | Record an employee\'s termination and start offboarding | last_day, reason',
    'transfer employee to department | Move an employee to another department and manager | department_id, manager_id',
    'promote employee | Promote an employee to a new position and job level | position_id, effective_date',
    'update reporting line | Change who an employee reports to | manager_id']],
  ['payroll-svc', 'Payroll', 'pay runs, payslips and deductions', 'pay run; payslip; salary component; deduction; tax withholding; bonus/bonuses', [
    'calculate pay run | Calculate gross to net pay for every employee in a pay run',
    'approve pay run | Approve a calculated pay run for payment',
    'publish payslips | Publish the payslips of a pay run to employees',
    'issue off cycle payment | Pay an employee outside the regular pay run | employee_id, amount:N, reason',
    'recalculate tax withholding | Recompute an employee\'s tax withholding after a change | employee_id']],
  ['time-off', 'Time off', 'vacation and leave requests, balances and holiday calendars', 'leave request; leave policy/leave policies; holiday calendar; leave balance; accrual rule', [
    'approve leave request | Approve an employee\'s vacation or leave request | comment',
    'reject leave request | Decline a leave request with a reason | reason',
    'cancel leave request | Cancel a leave request, approved or not',
    'adjust leave balance | Correct an employee\'s leave balance | days:N, reason',
    'run accrual | Run leave accrual for a period']],
  ['recruiting-ats', 'Recruiting', 'job openings, candidates, interviews and offers', 'job requisition; candidate; application; interview; offer; scorecard; job posting', [
    'advance application stage | Move a candidate\'s application to the next hiring stage | stage',
    'reject application | Reject an application and optionally email the candidate | reason, send_email:B',
    'schedule interview | Schedule an interview for an application with interviewers | interviewer_ids:A, start',
    'extend offer | Send an approved offer to the candidate',
    'rescind offer | Withdraw an offer that was sent | reason',
    'submit scorecard | Submit an interviewer\'s scorecard with a hiring recommendation | recommendation']],
  ['learning-lms', 'Learning', 'courses, enrollments and certifications for employees', 'course; enrollment; learning path; certification; quiz/quizzes; instructor', [
    'enroll employee in course | Enroll an employee in a course | employee_id',
    'mark course complete | Mark an enrollment completed',
    'issue certificate | Issue a completion certificate for an enrollment',
    'assign learning path | Assign a learning path to an employee or team | assignee_id, due_date',
    'send course reminder | Remind enrolled employees who have not finished a course']],
  ['performance-reviews', 'Performance', 'review cycles, goals and feedback', 'review cycle; review; goal; feedback request; calibration session', [
    'launch review cycle | Launch a review cycle: reviews are created for every participant',
    'submit self review | Submit an employee\'s self review',
    'request peer feedback | Ask colleagues for feedback on an employee | reviewer_ids:A',
    'finalize review | Finalize a review and share it with the employee',
    'close calibration session | Close a calibration session and lock its ratings']],
  ['expenses-api', 'Expenses', 'expense reports, receipts and corporate card spend', 'expense report; expense line; receipt; mileage claim; per diem rate; card transaction', [
    'submit expense report | Submit an expense report for approval',
    'approve expense report | Approve an expense report | comment',
    'reject expense report | Send an expense report back to the employee with a reason | reason',
    'reimburse expense report | Pay out an approved expense report to the employee\'s bank account',
    'match receipt to card transaction | Attach a receipt to the corporate card transaction it belongs to | receipt_id',
    'flag expense for audit | Flag an expense line for audit review | reason']],
  ['travel-booking', 'Travel', 'business trips: flights, hotels and cars', 'trip; flight booking; hotel booking; car rental; traveler profile; travel policy/travel policies', [
    'book flight | Book a flight for a trip within travel policy | origin, destination, date',
    'cancel hotel booking | Cancel a hotel booking, with the fee if any',
    'change flight | Change a flight booking to another date or time | new_date',
    'check travel policy compliance | Check a trip\'s bookings against the travel policy',
    'approve trip | Approve a business trip request']],
  ['procurement-svc', 'Procurement', 'purchasing: requisitions, purchase orders, suppliers and receipts', 'purchase requisition; purchase order; supplier; rfq; goods receipt; catalog item', [
    'approve purchase requisition | Approve a purchase requisition | comment',
    'convert requisition to purchase order | Create a purchase order from an approved requisition | supplier_id',
    'send purchase order to supplier | Email or EDI a purchase order to its supplier',
    'receive goods | Record the goods received against a purchase order | lines:AO',
    'close purchase order | Close a purchase order so no more receipts or invoices match it',
    'award rfq | Award a request for quotation to one supplier | supplier_id']],
  ['vendor-mgmt', 'Vendor management', 'third-party vendors, their contracts, documents and risk', 'vendor; vendor contact; vendor contract; risk assessment; vendor document', [
    'onboard vendor | Start onboarding a vendor: documents, banking details and risk assessment',
    'offboard vendor | Offboard a vendor: end contracts and revoke access',
    'request vendor documents | Ask a vendor to upload documents (W-9, insurance, SOC 2) | document_types:A',
    'score vendor risk | Compute a vendor\'s risk score from its assessments',
    'renew vendor contract | Renew a vendor contract for another term | term_months:I']],
  ['contracts-api', 'Contracts', 'contract lifecycle: drafting, signature, renewals and obligations', 'contract; clause; amendment; signature request; renewal; obligation', [
    'send contract for signature | Send a contract to its signers for e-signature | signers:AO',
    'countersign contract | Countersign a contract the other party signed',
    'terminate contract | Terminate a contract early | effective_date, reason',
    'generate contract from template | Draft a contract from a template and fields | template_id, fields:O',
    'flag auto renewal | List contracts that renew automatically within a number of days | days:I']],
  ['legal-matters', 'Legal', 'legal matters, holds and outside counsel', 'matter; legal hold; outside counsel; matter invoice; legal document', [
    'place legal hold | Place a legal hold on custodians\' data for a matter | custodian_ids:A',
    'release legal hold | Release a legal hold',
    'notify custodians | Send hold notices to a legal hold\'s custodians',
    'approve counsel invoice | Approve an outside counsel invoice for payment',
    'close matter | Close a legal matter']],
  ['compliance-svc', 'Compliance', 'controls, policies, audit findings and evidence (SOC 2, ISO 27001)', 'control; policy document; audit finding; risk; evidence; attestation', [
    'attach evidence to control | Attach an evidence file to a control for an audit period | evidence_id',
    'request attestation | Ask employees to attest they read a policy document | employee_ids:A',
    'remediate audit finding | Record the remediation of an audit finding | remediation',
    'test control | Record the result of testing a control | passed:B, notes',
    'publish policy document | Publish a new version of a policy document']],
  ['audit-log', 'Audit log', 'the tamper-evident record of who did what in internal systems', 'audit event; retention policy/retention policies; export job; alert rule', [
    'verify audit log integrity | Verify the hash chain of the audit log over a time range | from, to',
    'pin audit event | Keep an audit event past its retention period for an investigation | reason']],
  ['fraud-detection', 'Fraud', 'fraud scoring, rules, cases and blocklists', 'fraud case; risk score; blocklist entry/blocklist entries; fraud rule; device fingerprint; transaction review', [
    'score transaction | Score a transaction for fraud risk in real time | transaction_id',
    'block customer | Block a customer from transacting and add their identifiers to the blocklist | customer_id, reason',
    'allowlist customer | Exempt a customer from fraud rules | customer_id',
    'close fraud case | Close a fraud case with its outcome | outcome',
    'backtest fraud rule | Run a fraud rule against past transactions to see what it would have caught | from, to',
    'escalate transaction review | Escalate a transaction review to a senior analyst']],
  ['kyc-svc', 'KYC', 'identity verification and sanctions screening of customers', 'verification; identity document; sanctions screening; business verification; watchlist hit', [
    'start identity verification | Start verifying a customer\'s identity document and selfie | customer_id',
    'approve verification | Approve a verification after manual review',
    'request additional documents | Ask the customer for more documents | document_types:A',
    'rerun sanctions screening | Screen a customer again against sanctions lists',
    'dismiss watchlist hit | Dismiss a watchlist hit as a false positive | reason']],
  ['tax-engine', 'Tax', 'sales tax and VAT calculation, exemptions and filings', 'tax calculation; exemption certificate; tax jurisdiction; nexus/nexuses; tax filing', [
    'calculate tax for order | Calculate sales tax or VAT for an order\'s lines and ship-to address | order_id',
    'validate exemption certificate | Check a customer\'s tax exemption certificate',
    'file tax return | File a tax return for a jurisdiction and period | period',
    'commit tax transaction | Commit a calculated tax transaction for reporting | transaction_id',
    'void tax transaction | Void a committed tax transaction | transaction_id']],
  ['subscriptions-svc', 'Subscriptions', 'customer subscriptions, plans, add-ons and trials', 'subscription; plan; add on; trial; subscription change; renewal notice', [
    'upgrade subscription | Move a subscription to a higher plan now, with proration | plan_id',
    'downgrade subscription | Move a subscription to a lower plan at the next renewal | plan_id',
    'pause subscription | Pause a subscription\'s billing for a number of cycles | cycles:I',
    'resume subscription | Resume a paused subscription',
    'extend trial | Extend a trial by a number of days | days:I',
    'cancel subscription at period end | Cancel a subscription when its current period ends | reason']],
  ['usage-metering', 'Usage metering', 'metered usage events, aggregation and rating', 'meter; usage event; aggregation; rated usage; usage alert', [
    'ingest usage events | Send usage events for metering | events:AO',
    'backfill usage | Recompute aggregated usage for a past period | from, to',
    'close usage period | Close a usage period so it can be invoiced | period',
    'reprocess rated usage | Re-rate usage after a price change | from, to']],
  ['entitlements-api', 'Licensing', 'licenses, seats and feature entitlements of customers', 'license; seat assignment; feature entitlement; license key; license pool', [
    'assign seat | Assign a license seat to a user | user_id',
    'release seat | Free a seat held by a user | user_id',
    'generate license key | Generate a signed license key for a license',
    'revoke license | Revoke a license at once | reason',
    'transfer license | Move a license to another customer account | account_id']],
  ['feature-flags', 'Feature flags', 'feature flags, targeting rules and rollouts', 'flag; flag rule; segment; environment; flag variant; rollout', [
    'toggle flag | Turn a feature flag on or off in an environment | environment, enabled:B',
    'start percentage rollout | Roll a flag out to a percentage of users | environment, percentage:I',
    'kill switch flag | Turn a flag off everywhere immediately (kill switch)',
    'promote flag to environment | Copy a flag\'s rules from one environment to another | from_environment, to_environment',
    'archive stale flags | Archive flags not evaluated for a number of days | days:I']],
  ['experiments-api', 'Experimentation', 'A/B tests, metrics and analyses', 'experiment; metric; variant; exposure; analysis/analyses', [
    'start experiment | Start an A/B experiment; traffic is split between its variants',
    'stop experiment | Stop an experiment',
    'compute experiment results | Compute lift and significance of an experiment\'s metrics',
    'ship winning variant | Stop an experiment and roll its winning variant out to everyone | variant_id',
    'check sample ratio mismatch | Check an experiment for sample ratio mismatch']],
  ['config-svc', 'Configuration', 'runtime configuration of services', 'config key; config namespace; config snapshot; schema', [
    'publish config change | Publish configuration changes to running services | namespace, changes:O',
    'rollback config snapshot | Restore the configuration of a namespace to an earlier snapshot',
    'diff config snapshots | Show the differences between two configuration snapshots | other_snapshot_id',
    'validate config against schema | Validate a configuration change against its schema | changes:O']],
  ['secrets-manager', 'Secrets', 'secrets (passwords, tokens, keys) used by services', 'secret; secret version; access policy/access policies; rotation schedule', [
    'rotate secret | Rotate a secret now: generate a new value and update its consumers',
    'read secret value | Read the current value of a secret (audited)',
    'grant secret access | Allow a service or person to read a secret | principal',
    'disable secret version | Disable one version of a secret',
    'schedule secret rotation | Rotate a secret automatically every number of days | days:I']],
  ['deploy-svc', 'Deployments', 'deployments and releases of the company\'s applications', 'deployment; release; environment; deploy pipeline; change window; artifact', [
    'promote release to production | Promote a release that passed staging to production',
    'rollback deployment | Roll an application back to its previous deployment | reason',
    'freeze deployments | Freeze deployments to an environment until a time | environment, until',
    'approve deployment | Approve a deployment waiting for manual approval',
    'canary deployment | Deploy a release to a small share of traffic first | percentage:I']],
  ['build-ci', 'Continuous integration', 'builds, jobs and test reports of the internal CI', 'build; build job; test report; build agent; build cache', [
    'trigger build | Start a build of a repository branch or commit | repository, ref',
    'retry failed build jobs | Retry only the failed jobs of a build',
    'cancel build | Cancel a running build',
    'quarantine flaky test | Mark a test as flaky so its failures do not fail builds | test_name',
    'clear build cache | Drop a build cache so the next build starts clean']],
  ['artifact-registry', 'Artifacts', 'packages and container images built by CI', 'artifact; package version; repository/repositories; retention rule; vulnerability scan', [
    'promote package version | Promote a package version to the release repository',
    'scan artifact | Scan an artifact for known vulnerabilities',
    'yank package version | Yank a package version so new installs cannot use it | reason',
    'purge old artifacts | Delete artifacts older than the retention rules allow']],
  ['service-catalog', 'Service catalog', 'internal services, their owners, dependencies and runbooks', 'service; team ownership; dependency/dependencies; runbook; scorecard', [
    'register service | Register a new service with its owning team and repository',
    'transfer service ownership | Give a service to another team | team_id',
    'deprecate service | Mark a service deprecated with a sunset date | sunset_date',
    'link runbook to service | Link a runbook to a service | runbook_id',
    'compute service scorecard | Compute a service\'s production readiness scorecard']],
  ['incident-mgmt', 'Incidents', 'production incidents, postmortems and status page updates', 'incident; postmortem; status page update; action item; responder; timeline entry/timeline entries', [
    'declare incident | Declare a new incident with a severity and open its channel | title, severity',
    'page responder | Page a responder or team to join an incident | responder_id',
    'resolve incident | Mark an incident resolved',
    'publish status page update | Post an update about an incident on the public status page | message',
    'create postmortem from incident | Draft a postmortem from an incident\'s timeline',
    'escalate incident severity | Raise an incident\'s severity | severity']],
  ['oncall-roster', 'On-call', 'on-call rotations, shifts and handoffs', 'rotation; shift; override; handoff note; escalation chain', [
    'swap shifts | Swap two on-call shifts between people | other_shift_id',
    'who is on call | Who is on call now for a rotation',
    'send handoff note | Send the on-call handoff note to the next person on call | note']],
  ['capacity-planning', 'Capacity', 'compute capacity, quotas and forecasts', 'capacity forecast; resource pool; quota; reservation request; headroom report', [
    'request quota increase | Ask for more quota in a resource pool | amount:I, justification',
    'approve quota increase | Approve a quota increase request',
    'run capacity forecast | Forecast capacity needs of a resource pool | horizon_days:I']],
  ['cloud-cost', 'Cloud cost', 'cloud spend, budgets and savings', 'cost report; budget; cost allocation tag; savings plan; cost anomaly/cost anomalies; rightsizing recommendation', [
    'allocate costs by team | Split cloud costs of a period by owning team | period',
    'acknowledge cost anomaly | Acknowledge a cost anomaly with an explanation | explanation',
    'apply rightsizing recommendation | Resize the instances a rightsizing recommendation names',
    'set budget alert | Alert when spend reaches a share of a budget | threshold_percent:I',
    'forecast monthly spend | Forecast this month\'s cloud spend']],
  ['data-catalog', 'Data catalog', 'datasets, schemas, lineage and owners of company data', 'dataset; table schema; column lineage; data owner; glossary term; data quality check', [
    'register dataset | Register a dataset with its owner and description',
    'certify dataset | Mark a dataset as certified for reporting',
    'deprecate dataset | Mark a dataset deprecated | replacement_dataset_id',
    'run data quality check | Run a data quality check now',
    'trace column lineage | Trace where a column\'s data comes from and where it goes | column']],
  ['etl-orchestrator', 'Data pipelines', 'scheduled data pipelines and their runs', 'pipeline; pipeline run; task instance; schedule; connection; backfill', [
    'trigger pipeline run | Start a run of a data pipeline now | conf:O',
    'pause pipeline | Pause a pipeline\'s schedule',
    'clear failed task instance | Clear a failed task instance so it runs again',
    'start backfill | Run a pipeline for a past date range | from, to',
    'mark task instance success | Mark a task instance succeeded without running it']],
  ['warehouse-query', 'Data warehouse', 'saved queries and scheduled reports on the data warehouse', 'saved query/saved queries; query run; dashboard tile; query schedule; result export', [
    'run saved query | Run a saved warehouse query with parameters | parameters:O',
    'cancel query run | Cancel a running query',
    'share query result | Share a query result with people | emails:A']],
  ['ml-platform', 'ML platform', 'machine learning models, training and serving', 'model; model version; training job; feature set; endpoint; batch inference job', [
    'start training job | Start training a model on a dataset | model_id, dataset',
    'register model version | Register a trained model artifact as a new model version | model_id, artifact_uri',
    'deploy model to endpoint | Deploy a model version to a serving endpoint | model_version_id',
    'promote model version | Promote a model version to production',
    'rollback endpoint | Roll a serving endpoint back to its previous model version',
    'run batch inference | Score a dataset with a model version | model_version_id, input_uri']],
  ['labeling-svc', 'Data labeling', 'labeling projects, tasks and annotations for ML', 'labeling project; labeling task; annotation; labeler; label schema', [
    'assign labeling tasks | Assign labeling tasks to labelers | labeler_ids:A',
    'review annotation | Accept or reject an annotation | accepted:B',
    'export labeled dataset | Export a labeling project\'s accepted annotations',
    'compute labeler agreement | Compute inter-annotator agreement of a labeling project']],
  ['recommendations', 'Recommendations', 'product and content recommendations', 'recommendation slot; ranking model; boost rule; recommendation blocklist', [
    'get recommendations for user | Get recommended items for a user in a slot | user_id, slot_id',
    'explain recommendation | Explain why an item was recommended to a user | user_id, item_id',
    'retrain ranking model | Retrain a ranking model on recent interactions']],
  ['search-platform', 'Site search', 'the storefront search: indexes, synonyms and ranking', 'search index/search indexes; synonym set; ranking rule; query rule; search analytics report', [
    'reindex | Rebuild a search index from the source data',
    'test search query | Run a query against an index and show the ranking with explanations | query',
    'publish synonym set | Publish a synonym set to the live index',
    'rollback index alias | Point the live alias back to the previous index']],
  ['notifications-svc', 'Notifications', 'push, email and SMS notifications to customers', 'notification; notification template; channel preference; push device token; delivery report', [
    'send notification | Send a notification to a user on their preferred channels | user_id, template_id, data:O',
    'send bulk notification | Send a notification to a segment of users | segment_id, template_id',
    'render notification template | Render a notification template with data to preview it | data:O',
    'suppress notifications for user | Stop all notifications to a user for a period | user_id, until',
    'resend failed notification | Resend a notification that failed to deliver']],
  ['messaging-hub', 'Customer messaging', 'live chat and messaging conversations with customers', 'conversation; message; agent inbox/agent inboxes; canned response; chat widget', [
    'assign conversation | Assign a conversation to an agent or team | assignee_id',
    'close conversation | Close a conversation',
    'transfer conversation to agent | Hand a conversation over to another agent with a note | agent_id, note',
    'send message in conversation | Send a message to the customer in a conversation | text']],
  ['content-cms', 'Content', 'articles, pages and assets of the websites', 'article; page; asset; content type; locale; content release', [
    'publish article | Publish an article now',
    'unpublish article | Unpublish an article',
    'schedule content release | Schedule a release of content changes | publish_at',
    'translate article | Create a translation of an article in another locale | locale',
    'roll back page version | Restore an earlier version of a page | version:I']],
  ['media-svc', 'Media', 'videos, transcoding, thumbnails and subtitles', 'video; transcode job; thumbnail; subtitle track; playlist', [
    'start transcode job | Transcode a video into streaming renditions | profile',
    'generate thumbnails | Generate thumbnails from a video | count:I',
    'generate subtitles | Generate subtitles for a video with speech recognition | language',
    'publish video | Publish a video',
    'takedown video | Take a video down | reason']],
  ['translations-api', 'Localization', 'translation of product strings and documents', 'translation key; translation project; glossary/glossaries; translation memory/translation memories; translation job', [
    'machine translate keys | Machine-translate untranslated keys of a project into languages | languages:A',
    'order human translation | Order professional translation of keys | languages:A',
    'sync translation keys from repository | Import new source strings from a code repository | repository, branch',
    'approve translation | Approve a translation of a key | language',
    'export translations | Export a project\'s translations as files | format']],
  ['reviews-svc', 'Product reviews', 'customer reviews and ratings of products', 'product review; review response; review flag; rating summary/rating summaries', [
    'approve review | Approve a product review for display',
    'reject review | Reject a product review | reason',
    'respond to review | Post the brand\'s public response to a review | text',
    'recompute rating summary | Recompute a product\'s rating summary']],
  ['moderation-svc', 'Trust and safety', 'moderation of user content: reports, violations and appeals', 'moderation case; content report; policy violation; appeal; moderator queue', [
    'take down content | Remove a piece of user content for a policy violation | content_id, policy',
    'restore content | Restore content that was taken down | content_id',
    'ban user | Ban a user for a period or permanently | user_id, days:I',
    'uphold appeal | Uphold an appeal and reverse the decision',
    'overturn appeal | Deny an appeal and keep the decision']],
  ['community-forum', 'Community', 'the customer community forum', 'forum thread; forum post; forum category/forum categories; badge; forum member', [
    'pin thread | Pin a forum thread to the top of its category',
    'lock thread | Lock a forum thread against new replies',
    'mark post as solution | Mark a reply as the accepted solution of its thread',
    'award badge | Award a badge to a community member | member_id',
    'move thread to category | Move a thread to another category | category_id']],
  ['surveys-api', 'Surveys', 'customer and employee surveys, responses and NPS', 'survey; survey question; survey response; distribution list; nps score', [
    'send survey | Send a survey to a distribution list | distribution_list_id',
    'close survey | Stop accepting responses to a survey',
    'export survey responses | Export a survey\'s responses',
    'compute nps score | Compute the net promoter score of a survey']],
  ['bookings-svc', 'Bookings', 'appointments and reservations of bookable resources', 'booking; bookable resource; availability slot; booking policy/booking policies; waitlist entry/waitlist entries', [
    'confirm booking | Confirm a tentative booking',
    'cancel booking | Cancel a booking | reason',
    'reschedule booking | Move a booking to another slot | slot_id',
    'check availability | Find free slots of a resource in a time range | resource_id, from, to',
    'promote waitlist entry | Give a freed slot to the next person on the waitlist']],
  ['facilities-svc', 'Workplace', 'offices: buildings, rooms, desks, visitors and parking', 'building; room; desk; maintenance request; visitor; parking spot', [
    'book desk | Reserve a desk for a day | desk_id, date',
    'book meeting room | Reserve a meeting room for a time | room_id, start, end',
    'register visitor | Pre-register a visitor and send them directions | name, host_id, date',
    'check in visitor | Check a visitor in at reception and notify the host',
    'assign parking spot | Assign a parking spot to an employee | employee_id',
    'close maintenance request | Close an office maintenance request']],
  ['it-assets', 'IT assets', 'laptops, devices and software licenses of employees', 'laptop; hardware asset; software license; asset assignment; repair order', [
    'assign asset to employee | Assign a laptop or other asset to an employee | employee_id',
    'retire asset | Retire an asset and schedule its disposal',
    'ship laptop to employee | Ship a laptop to an employee\'s address | employee_id, address:O',
    'wipe device | Remotely wipe a lost or returned device',
    'renew software license | Renew a software license | seats:I']],
  ['helpdesk-it', 'IT help desk', 'employee IT tickets, service requests and changes', 'it ticket; service request; knowledge article; change request; problem record', [
    'approve change request | Approve a change request in the change advisory board',
    'resolve it ticket | Resolve an IT ticket with a resolution note | resolution',
    'link problem record | Link incidents to a problem record | ticket_ids:A',
    'escalate it ticket | Escalate an IT ticket to a specialist group | group',
    'publish knowledge article | Publish an IT knowledge article']],
  ['devices-iot', 'Devices', 'connected devices in stores and buildings: firmware, telemetry and commands', 'device; firmware image; sensor reading; device group; device command; telemetry alert', [
    'push firmware update | Roll a firmware image out to a device group | firmware_image_id',
    'reboot device | Reboot a device remotely',
    'send device command | Send a command to a device | command, payload:O',
    'provision device | Provision a new device with its certificate and group | serial_number, device_group_id',
    'decommission device | Decommission a device and revoke its certificate',
    'acknowledge telemetry alert | Acknowledge a telemetry alert']],
  ['maintenance-svc', 'Field maintenance', 'work orders and technicians for equipment maintenance', 'work order; maintenance plan; spare part; inspection checklist; technician', [
    'dispatch technician | Send a technician to a work order | technician_id',
    'complete work order | Close a work order with the work done and parts used | notes, parts:AO',
    'order spare part | Order a spare part for a work order | spare_part_id, quantity:I',
    'generate preventive work orders | Create the work orders a maintenance plan calls for']],
  ['delivery-dispatch', 'Last-mile delivery', 'home deliveries, couriers and delivery slots', 'delivery/deliveries; courier; delivery zone; delivery slot; proof of delivery', [
    'assign courier | Assign a courier to a delivery | courier_id',
    'reassign delivery | Move a delivery to another courier | courier_id, reason',
    'mark delivery failed | Record a failed delivery attempt | reason',
    'capture proof of delivery | Attach a photo and signature to a delivery | photo_url, signature',
    'open delivery slots | Open delivery slots in a zone for a day | date, capacity:I']],
  ['restaurant-menu', 'Restaurants', 'menus, items and kitchen tickets of the restaurants', 'menu; menu item; modifier group; store hours; kitchen ticket', [
    'mark item out of stock | Mark a menu item out of stock at a store | store_id',
    'publish menu | Publish a menu to the ordering channels',
    'fire kitchen ticket | Send a ticket to the kitchen display',
    'close store temporarily | Stop taking orders at a store until a time | until']],
  ['partner-portal', 'Partners', 'reseller partners, deal registrations and partner funds', 'partner; deal registration; partner tier; co marketing fund; partner payout', [
    'approve deal registration | Approve a partner\'s deal registration',
    'reject deal registration | Reject a deal registration | reason',
    'promote partner tier | Move a partner to a higher tier | tier_id',
    'approve partner payout | Approve a payout to a partner']],
  ['affiliates-api', 'Affiliates', 'affiliate marketing: links, conversions and commissions', 'affiliate; affiliate link; commission; conversion; payout batch/payout batches', [
    'approve commission | Approve an affiliate commission',
    'reverse commission | Reverse a commission for a returned order | reason',
    'generate affiliate link | Generate a tracking link for an affiliate | affiliate_id, url',
    'pay affiliates | Pay approved commissions in a payout batch']],
  ['quotes-cpq', 'Quotes', 'configure-price-quote: sales quotes and proposals', 'quote; quote line; product configuration; approval rule; proposal document', [
    'generate quote pdf | Render a quote as a PDF proposal',
    'submit quote for approval | Submit a quote with a discount for approval',
    'approve quote discount | Approve the discount on a quote',
    'convert quote to order | Turn an accepted quote into an order',
    'clone quote | Copy a quote as a new draft']],
  ['claims-svc', 'Claims', 'insurance claims and their handling', 'claim; claim document; adjuster; claim payout; fraud flag', [
    'open claim | Open a claim on a policy | policy_id, loss_date, description',
    'assign adjuster | Assign an adjuster to a claim | adjuster_id',
    'approve claim payout | Approve paying out a claim | amount:N',
    'deny claim | Deny a claim with a reason | reason',
    'request claim documents | Ask the claimant for documents | document_types:A']],
  ['policies-insurance', 'Policies', 'insurance policies, coverages and premiums', 'insurance policy/insurance policies; coverage; premium; endorsement; policyholder', [
    'issue policy | Issue an insurance policy from an approved quote | quote_id',
    'endorse policy | Change coverage of an active policy mid-term | changes:O',
    'cancel policy | Cancel an insurance policy | effective_date, reason',
    'calculate premium | Calculate the premium for coverages | coverages:AO',
    'renew policy | Renew a policy for another term']],
  ['underwriting-svc', 'Underwriting', 'underwriting of insurance and credit applications', 'application file; underwriting decision; risk model; underwriter referral; medical record request', [
    'run risk model | Score an application with a risk model | risk_model_id',
    'approve application | Approve an application file',
    'decline application | Decline an application file | reason',
    'refer application to underwriter | Send an application to a human underwriter | underwriter_id']],
  ['loans-svc', 'Loans', 'consumer and business loans', 'loan application; loan account; repayment schedule; collateral; disbursement', [
    'approve loan | Approve a loan application with its terms | amount:N, rate:N',
    'disburse loan | Pay out an approved loan',
    'restructure repayment schedule | Change a loan\'s repayment schedule | months:I',
    'mark loan defaulted | Mark a loan account in default',
    'payoff quote | Compute the amount to pay a loan off at a date | date']],
  ['wallets-svc', 'Wallets', 'stored-value wallets of customers', 'wallet; wallet transaction; top up; wallet transfer; spending limit', [
    'freeze wallet | Freeze a wallet: no spending or transfers | reason',
    'unfreeze wallet | Unfreeze a wallet',
    'transfer between wallets | Move money between two wallets | to_wallet_id, amount:N',
    'reverse wallet transaction | Reverse a wallet transaction | reason',
    'set spending limit | Set a wallet\'s daily spending limit | amount:N']],
  ['cards-issuing', 'Card issuing', 'the company\'s payment cards: cardholders, cards and spend controls', 'card; cardholder; card authorization; card program; spend control', [
    'issue virtual card | Issue a virtual card to a cardholder | cardholder_id',
    'issue physical card | Order a physical card for a cardholder | cardholder_id, shipping_address:O',
    'freeze card | Freeze a card so every authorization is declined',
    'replace lost card | Cancel a lost or stolen card and issue a replacement',
    'set card spend limit | Set a card\'s spending limit | amount:N, interval']],
  ['treasury-svc', 'Treasury', 'bank accounts, cash positions and FX', 'bank account; cash position; fx trade; payment batch/payment batches; sweep rule', [
    'execute fx trade | Book an FX trade between two currencies | sell_currency, buy_currency, amount:N',
    'approve payment batch | Approve an outgoing payment batch',
    'release payment batch | Send an approved payment batch to the bank',
    'run cash sweep | Sweep balances into the concentration account now']],
  ['equity-admin', 'Equity', 'the cap table, equity grants and vesting', 'shareholder; cap table entry/cap table entries; equity grant; vesting schedule; board meeting', [
    'issue equity grant | Issue a stock option or RSU grant | employee_id, shares:I',
    'exercise options | Record an option exercise | shares:I',
    'accelerate vesting | Accelerate the vesting of a grant',
    'record board resolution | Record a board resolution | text']],
  ['analytics-events', 'Product analytics', 'tracked product events, tracking plans and destinations', 'event definition; tracking plan; event property/event properties; event source; event destination', [
    'validate tracking plan | Check live events against a tracking plan',
    'replay events to destination | Replay past events to a destination | from, to',
    'block event | Stop collecting an event',
    'rename event | Rename an event definition | new_name']],
  ['reporting-svc', 'Reporting', 'business reports, KPIs and their schedules', 'report; report schedule; report subscription; kpi; kpi target', [
    'generate report | Generate a report now | parameters:O',
    'email report | Email a report to people | emails:A',
    'refresh kpi | Recompute a KPI',
    'pause report schedule | Pause a report schedule']],
  ['forecasting-svc', 'Forecasting', 'demand forecasts for planning', 'demand forecast; forecast model; forecast override; forecast horizon', [
    'run demand forecast | Forecast demand for SKUs and stores | horizon_weeks:I',
    'approve forecast override | Approve a planner\'s override of a forecast',
    'compare forecast to actuals | Measure a forecast\'s error against actual sales',
    'publish forecast | Publish a forecast to replenishment']],
  ['sustainability', 'Sustainability', 'carbon emissions accounting and offsets', 'emission record; emission factor; supplier survey; offset purchase', [
    'calculate emissions | Calculate scope 1, 2 and 3 emissions for a period | period',
    'purchase carbon offsets | Buy carbon offsets | tonnes:N',
    'publish sustainability report | Publish the sustainability report of a year | year:I']],
];

/** FNV-1a: a small stable hash for deterministic choices. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const pick = (list, key) => list[hash(key) % list.length];

function pluralOf(word) {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

function entity(spec) {
  const [one, many] = spec.trim().split('/');
  const words = one.split(' ');
  const plural = many ?? [...words.slice(0, -1), pluralOf(words.at(-1))].join(' ');
  return { one, many: plural, snake: one.replace(/ /g, '_'), manySnake: plural.replace(/ /g, '_') };
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (words) => words.split(/[ _]/).map((w, i) => (i === 0 ? w : cap(w))).join('');
const article = (noun) => (/^[aeiou]/.test(noun) ? 'an' : 'a');

/**
 * The operations an entity may have: CRUD always, the others by a hash of server and entity.
 * Each: [key, verb for the name, plural object?, arguments, descriptions (terse, sentence, detailed)].
 */
const OPS = [
  ['create', true],
  ['list', true],
  ['get', true],
  ['update', true],
  ['delete', true],
  ['search', false],
  ['archive', false],
  ['restore', false],
  ['export', false],
  ['bulk_create', false],
  ['history', false],
  ['count', false],
  ['duplicate', false],
  ['add_note', false],
  ['add_tag', false],
  ['assign_owner', false],
];

/** The name of an operation in the server's convention. */
function opName(style, op, e) {
  const verb = { bulk_create: 'bulk create', history: 'get history', add_note: 'add note', add_tag: 'tag', assign_owner: 'assign owner' }[op] ?? op;
  const plural = ['list', 'search', 'export', 'bulk_create', 'count'].includes(op);
  const obj = plural ? e.many : e.one;
  if (style === 'snake') {
    if (op === 'history') return `get_${e.snake}_history`;
    if (op === 'add_note') return `add_${e.snake}_note`;
    if (op === 'assign_owner') return `assign_${e.snake}_owner`;
    return `${verb.replace(/ /g, '_')}_${obj.replace(/ /g, '_')}`;
  }
  if (style === 'camel') {
    if (op === 'get') return camel(`get ${e.one} by id`);
    if (op === 'history') return camel(`get ${e.one} history`);
    if (op === 'add_note') return camel(`add ${e.one} note`);
    if (op === 'assign_owner') return camel(`assign ${e.one} owner`);
    return camel(`${verb} ${obj}`);
  }
  // resource_verb: invoices_list, invoices_get …
  return `${e.manySnake}_${verb.replace(/ /g, '_')}`;
}

function actionName(style, phrase, domain) {
  if (style === 'camel') return camel(phrase);
  if (style === 'resource') return `${domain.replace(/-(api|svc|service)$/, '').replace(/-/g, '_')}_${phrase.replace(/ /g, '_')}`;
  return phrase.replace(/ /g, '_');
}

function opDescription(voice, op, e, d) {
  const { one, many } = e;
  const a = article(one);
  const where = `in ${d.title}`;
  const T = {
    create: [`Create ${a} ${one}`, `Create a new ${one} ${where}.`, `Creates a new ${one} ${where} (${d.about}). Returns the created ${one} with its id; fields not given take their defaults.`],
    list: [`List ${many}`, `List ${many} ${where}, newest first.`, `Lists ${many} ${where}, newest first. Filter by status, owner or creation date; results are paged with a cursor.`],
    get: [`Get ${a} ${one}`, `Get one ${one} by its id.`, `Returns a single ${one} ${where} by id, with all its fields and links to related records.`],
    update: [`Update ${a} ${one}`, `Update fields of an existing ${one}.`, `Updates an existing ${one} ${where}. Only the fields given change; returns the ${one} as it is now.`],
    delete: [`Delete ${a} ${one}`, `Delete ${a} ${one} permanently.`, `Permanently deletes ${a} ${one} ${where}. Fails while other records still reference it; consider archiving instead.`],
    search: [`Search ${many}`, `Search ${many} by text and filters.`, `Full-text search over ${many} ${where}: matches names, descriptions and tags, with optional filters.`],
    archive: [`Archive ${a} ${one}`, `Archive ${a} ${one}; it can be restored later.`, `Archives ${a} ${one} ${where}: it disappears from lists but is kept for reporting and can be restored.`],
    restore: [`Restore ${a} ${one}`, `Restore an archived ${one}.`, `Restores ${a} ${one} that was archived, with its previous state.`],
    export: [`Export ${many}`, `Export ${many} as CSV or JSON.`, `Exports the ${many} matching a filter as CSV or JSON; returns a URL to download the file when it is ready.`],
    bulk_create: [`Bulk create ${many}`, `Create many ${many} in one request.`, `Creates up to 500 ${many} in one request, all or nothing; returns their ids in order.`],
    history: [`Get ${one} history`, `Get the change history of ${a} ${one}.`, `Returns the audit trail of ${a} ${one}: every change with who made it, when, and the old and new values.`],
    count: [`Count ${many}`, `Count ${many} matching a filter.`, `Counts the ${many} ${where} matching a filter, optionally grouped by status or owner.`],
    duplicate: [`Duplicate ${a} ${one}`, `Copy ${a} ${one} as a new one.`, `Creates a copy of ${a} ${one} with a new id and name; related records are not copied.`],
    add_note: [`Add ${one} note`, `Add an internal note to ${a} ${one}.`, `Adds an internal note to ${a} ${one}, visible to colleagues only.`],
    add_tag: [`Tag ${a} ${one}`, `Add tags to ${a} ${one}.`, `Adds one or more tags to ${a} ${one}; tags that are already there are ignored.`],
    assign_owner: [`Assign ${one} owner`, `Assign an owner to ${a} ${one}.`, `Sets the user or team that owns ${a} ${one}.`],
  };
  return T[op][voice];
}

function opArgs(op, e, parent, d, voice) {
  const id = `${e.snake}_id`;
  const idArg = { [id]: `S! ${voice === 0 ? 'ID' : `The id of the ${e.one}`}` };
  const parentArg = parent ? { [`${parent.snake}_id`]: `S ${voice === 0 ? `${cap(parent.one)} ID` : `Only ${e.many} of this ${parent.one}`}` } : {};
  const page = { page_size: 'I Results per page (1-100, default 25)', cursor: 'S Cursor from the previous page' };
  switch (op) {
    case 'create':
      return { name: `S! Name of the ${e.one}`, description: 'S Free-text description', ...(parent ? { [`${parent.snake}_id`]: `S The ${parent.one} it belongs to` } : {}), owner_id: 'S Owner (user or team id)', attributes: `O Other fields of the ${e.one}` };
    case 'list':
      return { ...parentArg, status: 'S Filter by status', owner_id: 'S Filter by owner', created_after: 'S Only created after this date (ISO 8601)', ...page };
    case 'get':
      return { ...idArg, expand: 'A Related records to include' };
    case 'update':
      return { ...idArg, fields: `O! Fields to change, e.g. {"status": "active"}` };
    case 'delete':
      return { ...idArg };
    case 'search':
      return { query: 'S! Text to search for', ...parentArg, filters: 'O Field filters', limit: 'I Maximum results (default 20)' };
    case 'archive':
    case 'restore':
    case 'duplicate':
      return { ...idArg, ...(op === 'duplicate' ? { name: 'S Name of the copy' } : {}) };
    case 'export':
      return { format: 'S[csv,json] File format', filters: 'O Which records to export' };
    case 'bulk_create':
      return { items: `AO! The ${e.many} to create, each with its fields` };
    case 'history':
      return { ...idArg, since: 'S Only changes after this date' };
    case 'count':
      return { filters: 'O Which records to count', group_by: 'S[status,owner] Group the counts' };
    case 'add_note':
      return { ...idArg, note: 'S! The note text' };
    case 'add_tag':
      return { ...idArg, tags: 'A! Tags to add' };
    case 'assign_owner':
      return { ...idArg, owner_id: 'S! User or team id' };
    default:
      throw new Error(op);
  }
}

/** The entity an action works on: the one whose name ends the action's name, or appears in it. */
function actionEntity(phrase, entities) {
  const byLength = [...entities].sort((a, b) => b.one.length - a.one.length);
  return byLength.find((e) => phrase.endsWith(e.one)) ?? byLength.find((e) => phrase.includes(e.one)) ?? byLength.find((e) => phrase.includes(e.one.split(' ').at(-1)));
}

function actionTool(style, voice, phrase, text, extra, entities, d) {
  const e = actionEntity(phrase, entities);
  const args = e ? { [`${e.snake}_id`]: `S! ${voice === 0 ? 'ID' : `The id of the ${e.one}`}` } : {};
  for (const raw of extra ? extra.split(',') : []) {
    const [name, type = 'S'] = raw.trim().split(':');
    args[name] = `${type} ${cap(name.replace(/_/g, ' '))}`;
  }
  const description = voice === 0 ? text.split(/[;,(]/)[0].trim() : voice === 1 ? `${text}.` : `${text}. ${d.title} service.`;
  return tool(actionName(style, phrase, d.name), description, args);
}

/** One generated server: its name and tools. */
function generate([name, title, about, entitySpecs, actions]) {
  const style = pick(['snake', 'camel', 'resource'], `${name}/style`);
  const voice = hash(`${name}/voice`) % 3;
  const d = { name, title, about };
  const entities = entitySpecs.split(';').map(entity);
  const tools = [];
  entities.forEach((e, i) => {
    const parent = i > 0 ? entities[0] : undefined;
    for (const [op, always] of OPS) {
      // CRUD always; each extra with probability ~6/11, so an entity has about eleven operations.
      if (!always && hash(`${name}/${e.one}/${op}`) % 11 >= 6) continue;
      tools.push(tool(opName(style, op, e), opDescription(voice, op, e, d), opArgs(op, e, parent, d, voice)));
    }
  });
  for (const line of actions) {
    const [phrase, text, extra] = line.split('|').map((s) => s.trim());
    tools.push(actionTool(style, voice, phrase, text, extra, entities, d));
  }
  return { name, tools, style };
}

export const INTERNAL_SERVERS = DOMAINS.map(generate);

/** The published name (server__tool) of an internal service's domain action, by its verb phrase. */
export function internalAction(server, phrase) {
  const s = INTERNAL_SERVERS.find((x) => x.name === server);
  if (!s) throw new Error(`no internal server ${server}`);
  return `${server}__${actionName(s.style, phrase, server)}`;
}

/** The published name of an internal service's CRUD operation on an entity (create, list, get, update, delete). */
export function internalOp(server, op, entityName) {
  const s = INTERNAL_SERVERS.find((x) => x.name === server);
  if (!s) throw new Error(`no internal server ${server}`);
  const d = DOMAINS.find((x) => x[0] === server);
  const e = d[3].split(';').map(entity).find((x) => x.one === entityName);
  if (!e) throw new Error(`no entity ${entityName} in ${server}`);
  return `${server}__${opName(s.style, op, e)}`;
}
