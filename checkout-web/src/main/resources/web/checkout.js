// The PC checkout: sign in, pick a home, book, pay by QR code, watch the status until paid or closed.
// Every call goes to this page's own origin (checkout-web forwards it to the API), and every value
// from the server is written with textContent, never as HTML.
'use strict';

const POLL_MS = 2000;
const SHANGHAI_OFFSET_S = 8 * 3600; // the platform's days are Asia/Shanghai days (no DST there)
const PAY_ROUTES = { wechat: 'thirdPaymentWxNativePay', alipay: 'thirdPaymentAlipayPay' };
const state = { token: null, home: null, orderSn: null, poll: null };

const $ = (id) => document.getElementById(id);

function show(id, on) { $(id).hidden = !on; }

function say(id, text) { $(id).textContent = text || ''; }

/** POSTs JSON in looklook's envelope; resolves to data, rejects with the API's message. */
async function api(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body || {}) });
  } catch (e) {
    throw new Error('the server cannot be reached');
  }
  let env = null;
  try { env = await res.json(); } catch (e) { /* not JSON: reported below */ }
  if (res.ok && env && env.code === 200) return env.data;
  if (res.status === 401) signOut('Your session has ended: please sign in again.');
  throw new Error(env && env.msg ? env.msg + ' (' + env.code + ')' : 'HTTP ' + res.status);
}

function yuan(fen) { return '\u00a5' + (fen / 100).toFixed(2); }

/** Unix seconds of 00:00 in Shanghai on an input's YYYY-MM-DD. */
function dayStart(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000 - SHANGHAI_OFFSET_S;
}

function tomorrow() {
  const t = new Date(Date.now() + SHANGHAI_OFFSET_S * 1000 + 86400 * 1000);
  return t.toISOString().slice(0, 10);
}

function credentials() { return { mobile: $('mobile').value.trim(), password: $('password').value }; }

async function signedIn(tokens) {
  state.token = tokens.accessToken;
  say('signin-msg', '');
  show('signin', false);
  say('who', 'signed in as ' + credentials().mobile);
  await loadHomes();
}

function signOut(message) {
  state.token = null;
  stopPolling();
  ['homes', 'book', 'pay', 'paid', 'closed', 'again-btn'].forEach((id) => show(id, false));
  show('signin', true);
  say('signin-msg', message);
}

async function signIn() {
  try { await signedIn(await api('/usercenter/v1/user/login', credentials())); } catch (e) { say('signin-msg', e.message); }
}

async function sendCode() {
  try {
    await api('/usercenter/v1/user/sendSmsCode', { mobile: credentials().mobile });
    say('signin-msg', 'A code is on its way to your phone.');
  } catch (e) { say('signin-msg', e.message); }
}

async function register() {
  try {
    await signedIn(await api('/usercenter/v1/user/register', { ...credentials(), smsCode: $('sms-code').value.trim() }));
  } catch (e) { say('signin-msg', e.message); }
}

async function loadHomes() {
  show('homes', true);
  const list = $('home-list');
  list.replaceChildren();
  try {
    const data = await api('/order/v1/homestay/homestayList', { pageSize: 10 });
    for (const h of data.list || []) {
      const li = document.createElement('li');
      const title = document.createElement('strong');
      title.textContent = h.title;
      const info = document.createElement('span');
      info.textContent = ' ' + (h.subTitle || '') + ' \u2014 ' + yuan(h.homestayPrice) + ' a night, up to ' + h.peopleNum + ' people ';
      const book = document.createElement('button');
      book.type = 'button';
      book.className = 'book-btn';
      book.dataset.id = h.id;
      book.textContent = 'Book';
      book.addEventListener('click', () => chooseHome(h));
      li.append(title, info, book);
      list.append(li);
    }
    say('homes-msg', list.children.length ? '' : 'No homestay is on sale right now.');
  } catch (e) { say('homes-msg', e.message); }
}

function chooseHome(h) {
  state.home = h;
  state.orderSn = null;
  say('book-title', h.title);
  if (!$('check-in').value) $('check-in').value = tomorrow();
  say('book-msg', '');
  show('book', true);
}

function channel() { return document.querySelector('input[name="channel"]:checked').value; }

async function bookAndPay() {
  say('book-msg', '');
  $('pay-btn').disabled = true;
  try {
    if (!state.orderSn) {
      const start = dayStart($('check-in').value);
      const order = await api('/order/v1/homestayOrder/createHomestayOrder', {
        homestayId: state.home.id, isFood: $('food').checked, liveStartTime: start,
        liveEndTime: start + 86400 * Number($('nights').value), livePeopleNum: Number($('people').value), remark: 'pc checkout',
      });
      state.orderSn = order.orderSn;
    }
    const code = await api('/payment/v1/thirdPayment/' + PAY_ROUTES[channel()], { orderSn: state.orderSn, serviceType: 'homestayOrder' });
    await showCode(code);
  } catch (e) {
    // the order stays: choosing the other channel pays the same order
    say('book-msg', e.message);
  } finally {
    $('pay-btn').disabled = false;
  }
}

async function showCode(code) {
  $('qr').src = code.qrCodeImage;
  say('code-url', code.codeUrl);
  say('order-sn', state.orderSn);
  try {
    const o = await api('/order/v1/homestayOrder/userHomestayOrderDetail', { sn: state.orderSn });
    say('order-total', yuan(o.orderTotalPrice));
  } catch (e) { say('order-total', ''); }
  say('pay-state', 'Waiting for your payment...');
  show('book', false);
  show('homes', false);
  show('pay', true);
  startPolling();
}

function startPolling() {
  stopPolling();
  state.poll = setInterval(pollOnce, POLL_MS);
}

function stopPolling() {
  if (state.poll) clearInterval(state.poll);
  state.poll = null;
}

async function pollOnce() {
  let s;
  try {
    s = await api('/payment/v1/thirdPayment/thirdPaymentStatus', { orderSn: state.orderSn });
  } catch (e) {
    say('pay-state', 'Waiting for your payment... (' + e.message + ')');
    return;
  }
  if (s.payStatus === 1 || s.orderTradeState === 1 || s.orderTradeState === 2) {
    stopPolling();
    await showPaid();
  } else if (s.orderTradeState === -1 || s.payStatus === 3) {
    stopPolling();
    show('pay', false);
    show('closed', true);
    show('again-btn', true);
  }
}

async function showPaid() {
  say('pay-state', 'Paid');
  say('paid-sn', state.orderSn);
  show('pay', false);
  show('paid', true);
  show('again-btn', true);
  try {
    const o = await api('/order/v1/homestayOrder/userHomestayOrderDetail', { sn: state.orderSn });
    say('trade-code', o.tradeCode);
  } catch (e) { say('trade-code', '(' + e.message + ')'); }
}

function again() {
  state.orderSn = null;
  ['pay', 'paid', 'closed', 'again-btn'].forEach((id) => show(id, false));
  loadHomes();
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-btn').addEventListener('click', signIn);
  $('send-code-btn').addEventListener('click', sendCode);
  $('register-btn').addEventListener('click', register);
  $('pay-btn').addEventListener('click', bookAndPay);
  $('again-btn').addEventListener('click', again);
});
