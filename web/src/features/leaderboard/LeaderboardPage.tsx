export function LeaderboardPage() { return <main><h1>LeaderboardPage</h1></main>; }
