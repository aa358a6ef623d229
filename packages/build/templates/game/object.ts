import { defineDurableObject, event, MessageError, reject } from "dorm";
import * as v from "valibot";

type Mark = "X" | "O";

export interface Game {
  /** 9 cells, row by row. */
  board: (Mark | null)[];
  players: { X: string | null; O: string | null };
  turn: Mark;
  winner: Mark | "draw" | null;
  moves: number;
}

const LINES = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]] as const;

function outcome(board: Game["board"]): Game["winner"] {
  for (const [a, b, c] of LINES) if (board[a] && board[a] === board[b] && board[a] === board[c]) return board[a];
  return board.every((cell) => cell !== null) ? "draw" : null;
}

const fresh = (players: Game["players"] = { X: null, O: null }): Game => ({ board: Array(9).fill(null), players, turn: "X", winner: null, moves: 0 });

/**
 * A two-player game lobby (tic-tac-toe), one object per match:
 * `/objects/__route__/<match>?player=<name>`. The first two players get X and O; anyone else
 * watches. Moves are checked here, so a client cannot cheat, and every move reaches everyone.
 */
export default defineDurableObject({
  init: () => fresh(),

  async connect(request, ctx) {
    const player = new URL(request.url).searchParams.get("player")?.trim() ?? "";
    if (player.length < 1 || player.length > 24) return reject(400, "give ?player=<name> (1 to 24 characters)");
    const { players } = ctx.state;
    const seat: Mark | null = players.X === player ? "X" : players.O === player ? "O" : !players.X ? "X" : !players.O ? "O" : null;
    if (seat && players[seat] !== player) {
      await ctx.setState((g) => ({ ...g, players: { ...g.players, [seat]: player } }));
      ctx.broadcast("state", ctx.state);
    }
    return { data: { player, seat }, presence: { player, seat } };
  },

  messages: {
    /** Place your mark on a cell (0-8) when it is your turn. */
    move: {
      schema: v.object({ cell: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8)) }),
      async handler(ctx, { cell }, conn) {
        const game = ctx.state;
        const seat = conn.data.seat;
        if (!seat) throw new MessageError("NOT_A_PLAYER", "you are watching this game");
        if (game.winner) throw new MessageError("GAME_OVER", "the game is over; send `restart`");
        if (!game.players.X || !game.players.O) throw new MessageError("WAITING", "waiting for a second player");
        if (game.turn !== seat) throw new MessageError("NOT_YOUR_TURN", `it is ${game.turn}'s turn`);
        if (game.board[cell] !== null) throw new MessageError("CELL_TAKEN", `cell ${cell} is taken`);
        const board = game.board.map((mark, i) => (i === cell ? seat : mark));
        await ctx.setState({ ...game, board, turn: seat === "X" ? "O" : "X", winner: outcome(board), moves: game.moves + 1 });
        ctx.broadcast("state", ctx.state);
        return ctx.state;
      },
    },
    /** A new round with the same players. */
    restart: {
      async handler(ctx, _payload, conn) {
        if (!conn.data.seat) throw new MessageError("NOT_A_PLAYER", "only players can restart");
        await ctx.setState((g) => fresh(g.players));
        ctx.broadcast("state", ctx.state);
      },
    },
    state: {
      handler: (ctx) => ctx.state,
    },
  },

  events: {
    state: event<Game>(),
  },

  methods: {
    state: (ctx) => ctx.state,
  },
});
