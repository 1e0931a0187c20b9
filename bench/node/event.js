// event.js — what the benchmark's Node peers share with session-agent's SessionAgent: the Event
// checks of prepareEvent() (libsession/agent/session_agent.cpp), the same rules in the same order,
// so that a bad Event costs both servers the same and gets the same error ack.
'use strict';

const isNonEmptyString = (v) => typeof v === 'string' && v.length > 0;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Returns null when the Event is acceptable, else the reason (the error ack's text).
function eventProblem(event) {
  if (!isObject(event)) return 'an Event must be a JSON object';
  if (!isNonEmptyString(event.id)) return 'Event.id must be a non-empty string';
  if (!isNonEmptyString(event.type)) return 'Event.type must be a non-empty string';
  if (event.source !== undefined && !isObject(event.source)) return 'Event.source must be an object';
  if (event.thredId !== undefined && typeof event.thredId !== 'string') return 'Event.thredId must be a string';
  if (event.data !== undefined && !isObject(event.data)) return 'Event.data must be an object';
  if (event.time !== undefined && typeof event.time !== 'number') return 'Event.time must be a number (epoch ms)';
  return null;
}

// The engine trusts `source`: it is always the authenticated participant; `time` when absent.
function prepareEvent(event, participant) {
  event.source = { id: participant };
  if (event.time === undefined) event.time = Date.now();
}

// socket.io middleware: the participant is auth.token, as the agent's default `token` auth.
function requireToken(socket, next) {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  if (isNonEmptyString(token)) return next();
  const err = new Error('missing token');
  err.data = { reason: 'auth.token is required' };
  next(err);
}

// participant -> Set of sockets, kept up to date on connect and disconnect.
class Participants {
  constructor() { this.map = new Map(); }
  add(participant, socket) {
    let set = this.map.get(participant);
    if (set === undefined) this.map.set(participant, (set = new Set()));
    set.add(socket);
    socket.on('disconnect', () => {
      set.delete(socket);
      if (set.size === 0 && this.map.get(participant) === set) this.map.delete(participant);
    });
  }
  // Emits socket.io event 'message' to every connection of the participant; returns how many.
  emit(participant, payload) {
    const set = this.map.get(participant);
    if (set === undefined) return 0;
    for (const s of set) s.emit('message', payload);
    return set.size;
  }
}

module.exports = { isNonEmptyString, isObject, eventProblem, prepareEvent, requireToken, Participants };
