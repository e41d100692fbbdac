// Fidelity check: the unmodified jsforce 3 Bulk API 2.0 client against the bulk2 emulator.
//
// Run by dev.bulk2.testkit.jsforce.JsforceFidelityTest (which installs jsforce with `npm ci` from the pinned
// package-lock.json). It can also be run by hand against a standalone emulator:
//   INSTANCE_URL=http://127.0.0.1:8080 ACCESS_TOKEN=... node fidelity.mjs
//   LOGIN_URL=http://127.0.0.1:8080 CLIENT_ID=... CLIENT_SECRET=... node fidelity.mjs
//
// Environment:
//   INSTANCE_URL + ACCESS_TOKEN            use an existing token, or
//   LOGIN_URL + CLIENT_ID + CLIENT_SECRET   OAuth 2.0 client credentials through jsforce's conn.authorize()
//   API_VERSION   default 62.0
//   STEPS         comma list of insert,upsert,delete,query,invalidQuery (default: all; delete needs insert)
//   POLL_TIMEOUT_MS / POLL_INTERVAL_MS      default 60000 / 100
//
// Output: one line `FIDELITY_SUMMARY {json}` on stdout (jsforce may log other lines). Exit code 0 when every
// check passed, 1 when a check failed, 2 when a step threw.

import jsforce from 'jsforce';

const env = process.env;
const apiVersion = env.API_VERSION || '62.0';
const pollTimeout = Number(env.POLL_TIMEOUT_MS || 60000);
const pollInterval = Number(env.POLL_INTERVAL_MS || 100);
const steps = new Set((env.STEPS || 'insert,upsert,delete,query,invalidQuery').split(',').map((s) => s.trim()));

const summary = { ok: false, jsforceVersion: jsforce.VERSION, apiVersion, steps: [...steps], checks: [] };

function check(name, ok, detail) {
  summary.checks.push({ name, ok: Boolean(ok), detail: detail === undefined ? null : detail });
}

function emit(code) {
  summary.ok = code === 0;
  process.stdout.write('FIDELITY_SUMMARY ' + JSON.stringify(summary) + '\n');
  process.exitCode = code;
}

function collect(recordStream) {
  return new Promise((resolve, reject) => {
    const rows = [];
    recordStream.on('record', (r) => rows.push(r));
    recordStream.on('error', reject);
    recordStream.on('end', () => resolve(rows));
  });
}

const ID18 = /^[a-zA-Z0-9]{18}$/;

async function connect() {
  if (env.CLIENT_ID && env.CLIENT_SECRET) {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: env.LOGIN_URL || env.INSTANCE_URL, clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET },
      version: apiVersion,
    });
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    summary.auth = {
      mode: 'client_credentials',
      instanceUrl: conn.instanceUrl,
      userId: userInfo.id,
      organizationId: userInfo.organizationId,
      tokenIssued: typeof conn.accessToken === 'string' && conn.accessToken.length > 0,
    };
    check('auth.accessToken', summary.auth.tokenIssued);
    check('auth.instanceUrl', typeof conn.instanceUrl === 'string' && conn.instanceUrl.startsWith('http'),
      conn.instanceUrl);
    check('auth.identity', Boolean(userInfo.id && userInfo.organizationId), userInfo);
    return conn;
  }
  if (!env.INSTANCE_URL || !env.ACCESS_TOKEN) {
    throw new Error('set INSTANCE_URL + ACCESS_TOKEN, or LOGIN_URL + CLIENT_ID + CLIENT_SECRET');
  }
  summary.auth = { mode: 'access_token', instanceUrl: env.INSTANCE_URL };
  return new jsforce.Connection({ instanceUrl: env.INSTANCE_URL, accessToken: env.ACCESS_TOKEN, version: apiVersion });
}

const INSERT_CSV = [
  'Name,External_ID__c,Phone',
  'Acme Fidelity,EXT-1,555-0100',
  '"Globex, Inc.",EXT-2,555-0101',
  ',EXT-3,555-0102',
  '"Quote ""Q"" Co",EXT-4,',
  '',
].join('\n');

const UPSERT_CSV = [
  'External_ID__c,Name,Phone',
  'EXT-1,Acme Fidelity Updated,555-0199',
  'EXT-5,Initech,555-0105',
  'EXT-6,,555-0106',
  '',
].join('\n');

function shapeOf(results) {
  return {
    successful: results.successfulResults,
    failed: results.failedResults,
    unprocessed: results.unprocessedRecords,
  };
}

async function insert(conn) {
  const results = await conn.bulk2.loadAndWaitForResults({
    object: 'Account', operation: 'insert', input: INSERT_CSV, pollTimeout, pollInterval,
  });
  const r = shapeOf(results);
  summary.insert = r;
  check('insert.arrays', Array.isArray(r.successful) && Array.isArray(r.failed) && Array.isArray(r.unprocessed));
  check('insert.successfulCount', r.successful.length === 3, r.successful.length);
  check('insert.failedCount', r.failed.length === 1, r.failed.length);
  check('insert.unprocessedCount', r.unprocessed.length === 0, r.unprocessed.length);
  for (const row of r.successful) {
    check(`insert.success.${row.External_ID__c}.sf__Id`, ID18.test(row.sf__Id || ''), row.sf__Id);
    check(`insert.success.${row.External_ID__c}.sf__Created`, row.sf__Created === 'true', row.sf__Created);
  }
  const names = r.successful.map((row) => row.Name).sort();
  check('insert.success.names', JSON.stringify(names) === JSON.stringify(['Acme Fidelity', 'Globex, Inc.', 'Quote "Q" Co']),
    names);
  const failed = r.failed[0] || {};
  check('insert.failed.externalId', failed.External_ID__c === 'EXT-3', failed.External_ID__c);
  check('insert.failed.sf__Error', /^REQUIRED_FIELD_MISSING:/.test(failed.sf__Error || ''), failed.sf__Error);
  check('insert.failed.sf__Id', failed.sf__Id === '' || failed.sf__Id === undefined, failed.sf__Id);
}

async function upsert(conn) {
  const results = await conn.bulk2.loadAndWaitForResults({
    object: 'Account', operation: 'upsert', externalIdFieldName: 'External_ID__c', input: UPSERT_CSV,
    pollTimeout, pollInterval,
  });
  const r = shapeOf(results);
  summary.upsert = r;
  check('upsert.successfulCount', r.successful.length === 2, r.successful.length);
  check('upsert.failedCount', r.failed.length === 1, r.failed.length);
  check('upsert.unprocessedCount', r.unprocessed.length === 0, r.unprocessed.length);
  const byExt = Object.fromEntries(r.successful.map((row) => [row.External_ID__c, row]));
  check('upsert.EXT-1.updated', byExt['EXT-1'] && byExt['EXT-1'].sf__Created === 'false', byExt['EXT-1']);
  check('upsert.EXT-5.created', byExt['EXT-5'] && byExt['EXT-5'].sf__Created === 'true', byExt['EXT-5']);
  if (summary.insert) {
    const inserted = summary.insert.successful.find((row) => row.External_ID__c === 'EXT-1');
    check('upsert.EXT-1.sameId', inserted && byExt['EXT-1'] && inserted.sf__Id === byExt['EXT-1'].sf__Id,
      { inserted: inserted && inserted.sf__Id, upserted: byExt['EXT-1'] && byExt['EXT-1'].sf__Id });
  }
  const failed = r.failed[0] || {};
  check('upsert.failed.externalId', failed.External_ID__c === 'EXT-6', failed.External_ID__c);
  check('upsert.failed.sf__Error', /^REQUIRED_FIELD_MISSING:/.test(failed.sf__Error || ''), failed.sf__Error);
}

// The step-by-step job API (open, uploadData, close, poll, check) and the raw result calls, on a delete job:
// one valid id (EXT-2 from the insert step) and one malformed id.
async function deleteStep(conn) {
  const target = summary.insert && summary.insert.successful.find((row) => row.External_ID__c === 'EXT-2');
  if (!target) throw new Error('the delete step needs the insert step (EXT-2)');
  const job = conn.bulk2.createJob({ object: 'Account', operation: 'delete', lineEnding: 'LF' });
  await job.open();
  const opened = job.getInfo();
  check('delete.open.state', opened.state === 'Open', opened.state);
  check('delete.open.operation', opened.operation === 'delete', opened.operation);
  check('delete.open.contentUrl', typeof opened.contentUrl === 'string' && !opened.contentUrl.startsWith('/')
    && opened.contentUrl.endsWith(`/jobs/ingest/${job.id}/batches`), opened.contentUrl);
  await job.uploadData(`Id\n${target.sf__Id}\n12345\n`);
  await job.close();
  // Salesforce answers the close PATCH with the state it set: UploadComplete (jsforce keeps that answer).
  const closedState = job.getInfo().state;
  check('delete.close.state', closedState === 'UploadComplete', closedState);
  await job.poll(pollInterval, pollTimeout);
  const info = await job.check();
  const rawSuccessful = await job.getSuccessfulResults(true);
  const rawFailed = await job.getFailedResults(true);
  const rawUnprocessed = await job.getUnprocessedRecords(true);
  summary.delete = { jobId: job.id, deletedId: target.sf__Id, closedState, info, rawSuccessful, rawFailed, rawUnprocessed };
  check('delete.state', info.state === 'JobComplete', info.state);
  check('delete.counts', info.numberRecordsProcessed === 2 && info.numberRecordsFailed === 1,
    { processed: info.numberRecordsProcessed, failed: info.numberRecordsFailed });
  check('delete.raw.successful', typeof rawSuccessful === 'string' && rawSuccessful.startsWith('"sf__Id","sf__Created"')
    && rawSuccessful.includes(target.sf__Id), rawSuccessful);
  check('delete.raw.failed', typeof rawFailed === 'string' && rawFailed.startsWith('"sf__Id","sf__Error"')
    && rawFailed.includes('MALFORMED_ID:'), rawFailed);
}

async function query(conn) {
  const all = await collect(await conn.bulk2.query('SELECT Id, Name, External_ID__c, Phone FROM Account',
    { pollTimeout, pollInterval }));
  summary.query = { records: all };
  check('query.columns', all.length === 0 || JSON.stringify(Object.keys(all[0])) === JSON.stringify(['Id', 'Name', 'External_ID__c', 'Phone']),
    all.length ? Object.keys(all[0]) : []);
  check('query.ids', all.every((row) => ID18.test(row.Id)), all.map((row) => row.Id));

  const filtered = await collect(await conn.bulk2.query(
    "select Name, External_ID__c from Account where Name like 'acme%' and External_ID__c != null order by Name desc limit 5",
    { pollTimeout, pollInterval }));
  summary.queryFiltered = { records: filtered };

  // queryAll (scanAll) also returns deleted rows
  const everything = await collect(await conn.bulk2.query('SELECT Id, External_ID__c FROM Account',
    { pollTimeout, pollInterval, scanAll: true }));
  summary.queryAll = { records: everything };
  if (summary.delete) {
    check('queryAll.includesDeleted', everything.some((row) => row.Id === summary.delete.deletedId),
      everything.map((row) => row.Id));
    check('query.excludesDeleted', !all.some((row) => row.Id === summary.delete.deletedId), all.map((row) => row.Id));
  }
  check('queryFiltered.columns', filtered.length === 0 || JSON.stringify(Object.keys(filtered[0])) === JSON.stringify(['Name', 'External_ID__c']),
    filtered.length ? Object.keys(filtered[0]) : []);
}

async function invalidQuery(conn) {
  try {
    await collect(await conn.bulk2.query('SELECT Id, Bogus__c FROM Account', { pollTimeout, pollInterval }));
    summary.invalidQuery = { rejected: false };
    check('invalidQuery.rejected', false, 'the query with an unknown field was accepted');
  } catch (e) {
    summary.invalidQuery = { rejected: true, errorCode: e.errorCode || e.name || null, message: e.message };
    check('invalidQuery.rejected', true);
    check('invalidQuery.errorCode', e.errorCode === 'INVALID_FIELD', e.errorCode || e.name);
  }
}

async function main() {
  const conn = await connect();
  if (steps.has('insert')) await insert(conn);
  if (steps.has('upsert')) await upsert(conn);
  if (steps.has('delete')) await deleteStep(conn);
  if (steps.has('query')) await query(conn);
  if (steps.has('invalidQuery')) await invalidQuery(conn);
  return summary.checks.every((c) => c.ok) ? 0 : 1;
}

main().then(emit, (e) => {
  summary.error = {
    name: e && e.name, errorCode: e && e.errorCode, message: e && e.message, stack: e && e.stack,
    data: e && e.data && typeof e.data === 'object' ? e.data : undefined,
  };
  emit(2);
});
