"""Menus and panels (menus.inc): built and displayed (recorded as what the player would see). Simulated players
never pick an item or close a menu, so menu handlers are never called."""

from __future__ import annotations

from .base import arg, native, put, s, set_cell
from .fmt import format_params


class Menu:
    def __init__(self, handler: int, actions: int):
        self.handler, self.actions = handler, actions
        self.title, self.items = "", []
        self.exit_button, self.exit_back = True, False


class Panel:
    def __init__(self):
        self.title, self.lines = "", []


def menu(g, h: int) -> Menu:
    return g.handles.get(h, Menu, "Menu handle")


def panel(g, h: int) -> Panel:
    return g.handles.get(h, Panel, "Panel handle")


@native("Menu.Menu", "CreateMenu")
def Menu_new(g, p):
    return g.handles.new(Menu(p[1], arg(p, 2)))


@native("CreateMenuEx")
def CreateMenuEx(g, p):
    return g.handles.new(Menu(p[2], arg(p, 3)))


@native("Menu.SetTitle", "SetMenuTitle")
def Menu_SetTitle(g, p):
    menu(g, p[1]).title = format_params(g, p, 2)


@native("Menu.GetTitle", "GetMenuTitle")
def Menu_GetTitle(g, p):
    return put(g, p[2], p[3], menu(g, p[1]).title)


@native("Menu.AddItem", "AddMenuItem")
def Menu_AddItem(g, p):
    m = menu(g, p[1])
    m.items.append((s(g, p[2]), s(g, p[3]), arg(p, 4)))
    return True


@native("Menu.InsertItem", "InsertMenuItem")
def Menu_InsertItem(g, p):
    m = menu(g, p[1])
    m.items.insert(max(0, min(p[2], len(m.items))), (s(g, p[3]), s(g, p[4]), arg(p, 5)))
    return True


@native("Menu.RemoveItem", "RemoveMenuItem")
def Menu_RemoveItem(g, p):
    m = menu(g, p[1])
    if 0 <= p[2] < len(m.items):
        del m.items[p[2]]
        return True
    return False


@native("Menu.RemoveAllItems", "RemoveAllMenuItems")
def Menu_RemoveAllItems(g, p):
    menu(g, p[1]).items.clear()


@native("Menu.GetItem", "GetMenuItem")
def Menu_GetItem(g, p):
    m = menu(g, p[1])
    if not 0 <= p[2] < len(m.items):
        return False
    info, display, style = m.items[p[2]]
    put(g, p[3], p[4], info)
    if p[0] >= 5:
        set_cell(g, p[5], style)
    if p[0] >= 7:
        put(g, p[6], p[7], display)
    return True


@native("Menu.ItemCount.get", "GetMenuItemCount")
def Menu_ItemCount(g, p):
    return len(menu(g, p[1]).items)


@native("Menu.ExitButton.set", "SetMenuExitButton")
def Menu_ExitButton_set(g, p):
    menu(g, p[1]).exit_button = bool(p[2])
    return True


@native("Menu.ExitButton.get", "GetMenuExitButton")
def Menu_ExitButton_get(g, p):
    return menu(g, p[1]).exit_button


@native("Menu.ExitBackButton.set", "SetMenuExitBackButton")
def Menu_ExitBackButton_set(g, p):
    menu(g, p[1]).exit_back = bool(p[2])


@native("Menu.ExitBackButton.get", "GetMenuExitBackButton")
def Menu_ExitBackButton_get(g, p):
    return menu(g, p[1]).exit_back


@native("Menu.Pagination.set", "Menu.Pagination.get", "Menu.OptionFlags.set", "Menu.OptionFlags.get",
        "Menu.NoVoteButton.set", "Menu.VoteResultCallback.set", "SetMenuPagination", "GetMenuPagination",
        "SetMenuOptionFlags", "GetMenuOptionFlags", "SetMenuNoVoteButton", "Menu.Selection.get",
        "GetMenuSelectionPosition")
def Menu_misc(g, p):
    menu(g, p[1])
    return 0


@native("Menu.Display", "DisplayMenu", "Menu.DisplayAt", "DisplayMenuAtItem")
def Menu_Display(g, p):
    m = menu(g, p[1])
    client = p[2]
    g.client(client)
    g.menus.append({"to": client, "title": m.title, "items": [display for _info, display, _style in m.items]})
    return True


@native("Menu.Cancel", "CancelMenu")
def Menu_Cancel(g, p):
    menu(g, p[1])


@native("Menu.DisplayVote", "VoteMenu")
def Menu_DisplayVote(g, p):
    m = menu(g, p[1])
    g.menus.append({"to": "vote", "title": m.title, "items": [d for _i, d, _s in m.items]})
    return True


@native("IsVoteInProgress", "CheckVoteDelay", "IsClientInVotePool")
def IsVoteInProgress(g, p):
    return 0


@native("GetClientMenu")
def GetClientMenu(g, p):
    return 0            # MenuSource_None


@native("CancelClientMenu", "CancelVote", "RedrawClientVoteMenu")
def CancelClientMenu(g, p):
    return False


@native("GetMaxPageItems")
def GetMaxPageItems(g, p):
    return 7


@native("Panel.Panel", "CreatePanel")
def Panel_new(g, p):
    return g.handles.new(Panel())


@native("Panel.SetTitle", "SetPanelTitle")
def Panel_SetTitle(g, p):
    panel(g, p[1]).title = s(g, p[2])


@native("Panel.DrawItem", "DrawPanelItem")
def Panel_DrawItem(g, p):
    pn = panel(g, p[1])
    pn.lines.append(s(g, p[2]))
    return len(pn.lines)


@native("Panel.DrawText", "DrawPanelText")
def Panel_DrawText(g, p):
    panel(g, p[1]).lines.append(s(g, p[2]))
    return True


@native("Panel.Send", "SendPanelToClient")
def Panel_Send(g, p):
    pn = panel(g, p[1])
    g.client(p[2])
    g.menus.append({"to": p[2], "title": pn.title, "items": list(pn.lines)})
    return True


@native("Panel.SetKeys", "SetPanelKeys", "Panel.CanDrawFlags", "CanPanelDrawFlags", "Panel.CurrentKey.set",
        "SetPanelCurrentKey")
def Panel_misc(g, p):
    panel(g, p[1])
    return True


@native("Panel.TextRemaining.get", "GetPanelTextRemaining")
def Panel_TextRemaining(g, p):
    return 512
