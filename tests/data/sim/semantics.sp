// VM semantics battery: every line printed to the server log is "name=value"; the test compares each value
// with what SourcePawn itself computes for the same code (C semantics: truncating division, 32-bit wrap).
#pragma semicolon 1
#pragma newdecls required
#include <sourcemod>

enum struct Weapon
{
    int ammo;
    float damage;
    char name[16];
}

methodmap Counter < StringMap
{
    public Counter() { return view_as<Counter>(new StringMap()); }
    property int Hits
    {
        public get() { int v; this.GetValue("hits", v); return v; }
        public set(int v) { this.SetValue("hits", v); }
    }
    public void Hit() { this.Hits = this.Hits + 1; }
}

int g_Numbers[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
int g_Grid[3][4];
char g_Names[3][16] = {"Nick", "Ellis", "Rochelle"};

int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }

int g_Cube[2][3][4];
char g_Words[][] = {"delta", "alpha", "charlie", "bravo"};

void Bump(int &value, float &scale) { value += 5; scale *= 2.0; }

int Descending(int a, int b, const int[] array, Handle hndl) { return b - a; }

int SumArray(const int[] values, int count)
{
    int total;
    for (int i = 0; i < count; i++) total += values[i];
    return total;
}

void Fill(int[] out, int count, int value)
{
    for (int i = 0; i < count; i++) out[i] = value * i;
}

void Report(const char[] name, const char[] fmt, any ...)
{
    char value[128];
    VFormat(value, sizeof(value), fmt, 3);
    PrintToServer("%s=%s", name, value);
}

int Classify(int v)
{
    switch (v)
    {
        case 1, 2, 3: return 10;
        case 7: return 70;
        case -5: return -50;
    }
    return 0;
}

public void OnPluginStart()
{
    // integers
    int a = -7, b = 2;
    Report("div", "%d", a / b);
    Report("mod", "%d", a % b);
    Report("divpos", "%d", 7 / -2);
    int big = 2147483647;
    big++;
    Report("wrap", "%d", big);
    int m = 65536;
    Report("mulwrap", "%d", m * m + 5);
    Report("shift", "%d %d %d", 1 << 4, -16 >> 2, -16 >>> 28);
    Report("bits", "%d %d %d %d", 12 & 10, 12 | 10, 12 ^ 10, ~5);
    Report("ternary", "%d", a < 0 ? 1 : 2);
    Report("not", "%d %d", !a, !0);
    Report("switch", "%d %d %d %d", Classify(2), Classify(7), Classify(-5), Classify(99));

    // arrays
    Report("global", "%d", SumArray(g_Numbers, sizeof(g_Numbers)));
    int local[8];
    Fill(local, sizeof(local), 3);
    Report("local", "%d %d", local[7], SumArray(local, sizeof(local)));
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
            g_Grid[r][c] = r * 10 + c;
    Report("grid", "%d %d", g_Grid[2][3], g_Grid[1][0]);
    Report("names", "%s|%s|%c", g_Names[1], g_Names[2], g_Names[0][1]);
    int n = 5;
    int[] dyn = new int[n];
    Fill(dyn, n, 2);
    Report("dyn", "%d", dyn[4]);
    char[] dstr = new char[n + 12];
    strcopy(dstr, n + 12, "dynamic string");
    Report("dynstr", "%s", dstr);
    int[][] dyn2 = new int[3][n];
    dyn2[2][4] = 42;
    Report("dyn2", "%d", dyn2[2][4]);

    for (int x = 0; x < 2; x++)
        for (int y = 0; y < 3; y++)
            for (int z = 0; z < 4; z++)
                g_Cube[x][y][z] = x * 100 + y * 10 + z;
    int[][][] cube = new int[2][3][4];
    cube[1][2][3] = g_Cube[1][2][3] + 1;
    Report("cube", "%d %d %d", g_Cube[1][2][3], g_Cube[0][1][2], cube[1][2][3]);
    int bumped = 1;
    float scale = 1.5;
    Bump(bumped, scale);
    Report("byref", "%d %.1f", bumped, scale);
    Weapon arsenal[3];
    arsenal[2].ammo = 9;
    strcopy(arsenal[1].name, sizeof(arsenal[].name), "smg");
    Report("esarray", "%d %s %d", arsenal[2].ammo, arsenal[1].name, arsenal[0].ammo);
    int sorted[5] = {3, 9, 1, 7, 5};
    SortIntegers(sorted, sizeof(sorted));
    Report("sort", "%d %d %d %d %d", sorted[0], sorted[1], sorted[2], sorted[3], sorted[4]);
    SortCustom1D(sorted, sizeof(sorted), Descending);
    Report("sortcustom", "%d %d", sorted[0], sorted[4]);
    SortStrings(g_Words, sizeof(g_Words));
    Report("sortstrings", "%s %s %s %s", g_Words[0], g_Words[1], g_Words[2], g_Words[3]);
    char pieces[4][16];
    int count = ExplodeString("a,bb,,ccc", ",", pieces, sizeof(pieces), sizeof(pieces[]));
    Report("explode", "%d [%s] [%s] [%s]", count, pieces[1], pieces[2], pieces[3]);
    float p1[3] = {0.0, 3.0, 0.0}, p2[3] = {4.0, 0.0, 0.0};
    Report("vector", "%.1f", GetVectorDistance(p1, p2));
    bool yes = true, no = false;
    Report("bools", "%d %d %d", yes && !no, yes || no, yes != no);

    // floats
    float f = 1.5, g = 0.25;
    Report("fadd", "%.2f", f + g);
    Report("fmul", "%.3f", f * g);
    Report("fdiv", "%.4f", f / 4.0);
    Report("fcmp", "%d %d %d %d", f > g, f < g, f >= 1.5, f != 1.5);
    Report("fconv", "%.1f %d %d %d", float(7), RoundToFloor(-1.5), RoundToCeil(1.2), RoundToNearest(2.5));
    Report("fabs", "%.2f", FloatAbs(-3.25));
    float inc = 0.5;
    inc++;
    Report("finc", "%.1f", inc);
    Report("fneg", "%.2f", -f);

    // strings and formatting
    char buf[64];
    Format(buf, sizeof(buf), "[%5d|%-5d|%05d|%x|%X|%b|%s|%.3s|%%]", 42, 42, 42, 255, 255, 5, "str", "truncate");
    Report("format", "%s", buf);
    char small[6];
    int written = Format(small, sizeof(small), "%s", "overflowing");
    Report("trunc", "%s %d", small, written);
    Report("strequal", "%d %d", StrEqual("Tank", "tank"), StrEqual("Tank", "tank", false));
    Report("contains", "%d %d", StrContains("left4dead2", "dead"), StrContains("abc", "x"));
    char word[16] = "hello";
    word[0] = 'J';
    Report("charidx", "%s %d", word, word[1]);
    Report("strtoint", "%d %d %.2f", StringToInt("  -123abc"), StringToInt("ff", 16), StringToFloat("2.5e1"));
    char parts[32] = "a,b,c";
    ReplaceString(parts, sizeof(parts), ",", ";");
    Report("replace", "%s", parts);

    // enum struct, methodmap, recursion
    Weapon w;
    w.ammo = 30;
    w.damage = 12.5;
    strcopy(w.name, sizeof(w.name), "rifle");
    Report("enumstruct", "%s %d %.1f", w.name, w.ammo, w.damage);
    Counter counter = new Counter();
    counter.Hit();
    counter.Hit();
    Report("methodmap", "%d", counter.Hits);
    delete counter;
    Report("fib", "%d", Fib(15));

    // containers
    ArrayList list = new ArrayList(ByteCountToCells(16));
    list.PushString("first");
    list.PushString("second");
    char item[16];
    list.GetString(1, item, sizeof(item));
    Report("arraylist", "%d %s %d", list.Length, item, list.FindString("first"));
    delete list;
    DataPack pack = new DataPack();
    pack.WriteCell(7);
    pack.WriteFloat(1.25);
    pack.WriteString("packed");
    pack.Reset();
    int pc = pack.ReadCell();
    float pf = pack.ReadFloat();
    pack.ReadString(item, sizeof(item));
    Report("datapack", "%d %.2f %s", pc, pf, item);
    delete pack;
}
